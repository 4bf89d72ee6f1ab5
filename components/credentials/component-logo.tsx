import { monogram } from "@/lib/components/monogram";
import { cn } from "@/components/ui/cn";

const sizes = { sm: "size-6 text-[10px]", md: "size-8 text-xs", lg: "size-10 text-sm" } as const;

/**
 * A component's logo from /logos, or its generated monogram. Decorative: the name is
 * always shown next to it, so the image has an empty alt.
 */
export function ComponentLogo({
  name,
  logo,
  size = "md",
}: {
  name: string;
  logo?: string | null;
  size?: keyof typeof sizes;
}) {
  if (logo) {
    // eslint-disable-next-line @next/next/no-img-element -- small static SVGs; next/image adds nothing here
    return <img src={logo} alt="" className={cn("shrink-0 rounded-md bg-white object-contain", sizes[size])} />;
  }
  const m = monogram(name);
  return (
    <span
      aria-hidden="true"
      className={cn("inline-flex shrink-0 items-center justify-center rounded-full font-semibold", sizes[size])}
      style={{ backgroundColor: m.color, color: m.textColor }}
    >
      {m.initials}
    </span>
  );
}
