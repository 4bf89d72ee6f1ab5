import type { SelectOption } from "@/components/ui/select";

export const roleOptions: readonly SelectOption[] = [
  { value: "admin", label: "Admin" },
  { value: "developer", label: "Developer" },
  { value: "viewer", label: "Viewer" },
];

export const roleHelp = "Admins manage everything; developers manage credentials and OAuth apps; viewers only read.";
