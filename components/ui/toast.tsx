"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";

type Tone = "success" | "error";
type ToastItem = { id: number; tone: Tone; message: string };
type Toaster = { success: (message: string) => void; error: (message: string) => void };

const ToastContext = createContext<Toaster | null>(null);

const LIFETIME_MS: Record<Tone, number> = { success: 5000, error: 9000 };

/**
 * Holds the toasts for everything below it. Success toasts are polite `status` regions,
 * errors are `alert`s; both can be dismissed and disappear on their own.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(0);

  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (tone: Tone, message: string) => {
      const id = ++nextId.current;
      setToasts((ts) => [...ts.slice(-3), { id, tone, message }]);
      setTimeout(() => dismiss(id), LIFETIME_MS[tone]);
    },
    [dismiss],
  );
  const toaster = useMemo<Toaster>(
    () => ({ success: (m) => push("success", m), error: (m) => push("error", m) }),
    [push],
  );

  return (
    <ToastContext value={toaster}>
      {children}
      <section
        aria-label="Notifications"
        className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 flex-col gap-2"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === "error" ? "alert" : "status"}
            className={cn(
              "pointer-events-auto flex items-start gap-3 rounded-md px-4 py-3 text-sm shadow-lg ring-1",
              t.tone === "error" ? "bg-red-50 text-red-800 ring-red-200" : "bg-white text-slate-800 ring-slate-200",
            )}
          >
            <span aria-hidden className={t.tone === "error" ? "text-red-600" : "text-green-600"}>
              {t.tone === "error" ? "✕" : "✓"}
            </span>
            <p className="flex-1">{t.message}</p>
            <button
              type="button"
              onClick={() => dismiss(t.id)}
              className="text-slate-500 hover:text-slate-800"
              aria-label="Dismiss notification"
            >
              ×
            </button>
          </div>
        ))}
      </section>
    </ToastContext>
  );
}

export function useToast(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error("useToast must be used inside <ToastProvider>");
  return toaster;
}
