import { signOutAction } from "@/app/(dashboard)/actions";
import { Button } from "@/components/ui/button";

/** A plain form posting to a server action, so signing out works before hydration too. */
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant="secondary" size="sm">
        Sign out
      </Button>
    </form>
  );
}
