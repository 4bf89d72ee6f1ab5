import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Integration Center", template: "%s · Integration Center" },
  description: "Credential vault and connect UI for your customers' third-party apps",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
