import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { DeniedNotice } from "@/components/shell/denied-notice-client";
import { MobileNav } from "@/components/shell/mobile-nav-client";
import { Nav, type NavSection } from "@/components/shell/nav-client";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { Badge } from "@/components/ui/badge";
import { ToastProvider } from "@/components/ui/toast";
import { requireMember } from "@/lib/auth/session";

const mainItems = [
  { href: "/", label: "Credentials" },
  { href: "/api-docs", label: "API docs" },
];
// The audit log is tenant administration: admins only, like GET /api/v1/audit-events.
const adminItems = [{ href: "/audit", label: "Audit log" }];

const adminSettings = [
  { href: "/settings/members", label: "Members" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/workspaces", label: "Workspaces" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/embed", label: "Embed" },
];
// Auth clients: admins edit them, developers read them (GET /api/v1/auth-clients), viewers never see them.
const authClientsItem = { href: "/settings/auth-clients", label: "Auth clients" };

/**
 * The signed-in shell. Each page checks access itself as well (layouts and pages render
 * in parallel), so hiding the admin links here is a convenience, not the guard.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const me = await requireMember();
  const sections: NavSection[] = [{ items: me.role === "admin" ? [...mainItems, ...adminItems] : mainItems }];
  const account = { href: "/settings/account", label: "Your account" };
  const settings =
    me.role === "admin"
      ? [...adminSettings, authClientsItem, account]
      : me.role === "developer"
        ? [authClientsItem, account]
        : [account];
  sections.push({ label: "Settings", items: settings });

  const header = (
    <div className="px-5 py-5">
      <Link href="/" className="text-base font-semibold tracking-tight text-brand-700">
        Integration Center
      </Link>
      <p className="mt-1 truncate text-sm text-slate-600" title={me.tenantName}>
        {me.tenantName}
      </p>
    </div>
  );
  const footer = (
    <div className="border-t border-slate-200 px-5 py-4">
      <p className="truncate text-sm font-medium text-slate-900" title={me.email}>
        {me.email}
      </p>
      <div className="mt-2 flex items-center justify-between gap-2">
        <Badge tone={me.role === "admin" ? "brand" : "neutral"}>
          <span className="sr-only">Role: </span>
          {me.role}
        </Badge>
        <SignOutButton />
      </div>
    </div>
  );

  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      {/* Below 768 px: a top bar whose Menu button opens the same navigation as a sheet. */}
      <MobileNav sections={sections} header={header} footer={footer} />
      {/* From 768 px: the sidebar, sticky, scrolling on its own when it is taller than the window. */}
      <aside className="sticky top-0 hidden h-screen w-64 shrink-0 flex-col overflow-y-auto border-r border-slate-200 bg-white md:flex">
        {header}
        <div className="flex-1 px-2 pb-4">
          <Nav sections={sections} />
        </div>
        {footer}
      </aside>
      <ToastProvider>
        <main id="main" className="min-w-0 flex-1 px-4 py-8 md:px-10">
          <div className="mx-auto max-w-5xl">
            <Suspense fallback={null}>
              <DeniedNotice />
            </Suspense>
            {children}
          </div>
        </main>
      </ToastProvider>
    </div>
  );
}
