import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "pino", "postgres", "mysql2"],
  poweredByHeader: false,
  // `next dev` would otherwise print server-action arguments, passwords included.
  logging: { serverFunctions: false },
  async headers() {
    return [
      {
        // Every path but /embed (in any case): nothing else may be framed by anyone.
        source: "/:path((?!embed(?:/|$)).*)",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
      // /embed's frame-ancestors come from its connect session (proxy.ts, app/embed/frame-headers.ts).
    ];
  },
  async rewrites() {
    return [
      // Open Integration Hub's webhooks service calls this spelling; the API has one route for it.
      { source: "/api/v1/secrets/:id/validateHmac", destination: "/api/v1/secrets/:id/validate-hmac" },
    ];
  },
};

export default nextConfig;
