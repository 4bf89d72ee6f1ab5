"use client";

import { createContext, useContext, type ReactNode } from "react";
import { Toaster, toast } from "sonner";
import { cn } from "./cn";

type Tone = "success" | "error";
type Toaster = { success: (message: string) => void; error: (message: string) => void };

const ToastContext = createContext<Toaster | null>(null);

const LIFETIME_MS: Record<Tone, number> = { success: 5000, error: 9000 };

/** One toast's body: errors are `alert`s, successes polite `status` regions, both dismissable. */
function ToastCard({ id, tone, message }: { id: string | number; tone: Tone; message: string }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "flex w-full items-start gap-3 rounded-md px-4 py-3 text-sm shadow-lg ring-1",
        tone === "error" ? "bg-red-50 text-red-800 ring-red-200" : "bg-white text-slate-800 ring-slate-200",
      )}
    >
      <span aria-hidden className={tone === "error" ? "text-red-600" : "text-green-700"}>
        {tone === "error" ? "✕" : "✓"}
      </span>
      <p className="min-w-0 flex-1 break-words">{message}</p>
      <button
        type="button"
        onClick={() => toast.dismiss(id)}
        className="text-slate-600 hover:text-slate-900"
        aria-label="Dismiss notification"
      >
        ×
      </button>
    </div>
  );
}

function push(tone: Tone, message: string) {
  toast.custom((id) => <ToastCard id={id} tone={tone} message={message} />, { duration: LIFETIME_MS[tone] });
}

// Module-level: sonner keeps its queue globally, so every provider hands out the same functions.
const toaster: Toaster = { success: (m) => push("success", m), error: (m) => push("error", m) };

/**
 * Shows toasts for everything below it through sonner (stacking, pause on hover, swipe to
 * dismiss, Alt+T to focus them), in the "Notifications" region at the bottom right, full
 * width on a phone.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  return (
    <ToastContext value={toaster}>
      {children}
      <Toaster position="bottom-right" visibleToasts={4} containerAriaLabel="Notifications" />
    </ToastContext>
  );
}

/** The toast functions; throws outside a ToastProvider, where no toast would ever show. */
export function useToast(): Toaster {
  const value = useContext(ToastContext);
  if (!value) throw new Error("useToast must be used inside <ToastProvider>");
  return value;
}
