import type { Metadata } from "next";
import { ToastProvider } from "@/components/ui/toast";
import "./embed.css";

export const metadata: Metadata = {
  robots: { index: false, follow: false },
  // With the response's Referrer-Policy: the first URL carries the session token.
  referrer: "no-referrer",
};

/**
 * The embed's own minimal layout: no dashboard shell, no navigation, nothing that needs a
 * dashboard login. The page fills whatever frame or window it is in.
 */
export default function EmbedLayout({ children }: { children: React.ReactNode }) {
  return <ToastProvider>{children}</ToastProvider>;
}
