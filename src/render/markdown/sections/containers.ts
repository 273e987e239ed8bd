import type { ContainersFacts } from "../../../../tools/containers.js";
import { code, table } from "../text.js";
import type { FactsSection } from "./section.js";

const mark = (value: boolean) => (value ? "✅" : "❌");

export const containersSection: FactsSection<ContainersFacts> = {
  render(facts) {
    const parts = ["### Containers"];
    const dockerfiles = facts.dockerfiles.filter((entry) => !entry.isTest);
    const compose = facts.compose.filter((entry) => !entry.isTest);
    const kubernetes = facts.kubernetes.filter((entry) => !entry.isTest);
    if (dockerfiles.length + compose.length + kubernetes.length === 0)
      return [...parts, "", "No Dockerfile, compose file or Kubernetes manifest."].join("\n");
    if (dockerfiles.length > 0)
      parts.push(
        "",
        table(
          ["Dockerfile", "Stages", "Base images", "Final USER", "HEALTHCHECK"],
          dockerfiles.map((entry) => [
            code(entry.file),
            entry.stages,
            entry.baseImages.map((image) => `${code(image.image)}${image.pinned ? "" : " ⚠️"}`).join(", ") ||
              "—",
            entry.finalUser ? code(entry.finalUser) : "❌ root (none set)",
            entry.healthcheck ? "✅" : entry.exposesPorts ? "❌" : "—",
          ]),
        ),
      );
    for (const file of compose) {
      if (file.error) {
        parts.push("", `${code(file.file)} could not be parsed: ${file.error}`);
        continue;
      }
      parts.push(
        "",
        `Compose services in ${code(file.file)}:`,
        "",
        table(
          [
            "Service",
            "Image",
            "Limits",
            "Healthcheck",
            "no-new-privileges",
            "Read-only",
            "Docker socket",
            "Ports on all interfaces",
          ],
          file.services.map((service) => [
            service.name,
            service.image ? code(service.image) : service.build ? "(built)" : "—",
            mark(service.resourceLimits),
            service.healthcheckAlwaysPasses ? "⚠️ always passes" : mark(service.healthcheck),
            mark(service.noNewPrivileges),
            mark(service.readOnly),
            service.dockerSocket === "none" ? "—" : `⚠️ ${service.dockerSocket}`,
            service.ports
              .filter((port) => port.allInterfaces)
              .map((port) => code(port.spec))
              .join(", ") || "—",
          ]),
        ),
      );
    }
    const containers = kubernetes.flatMap((file) =>
      file.workloads.flatMap((workload) =>
        workload.containers.map((container) => [
          code(`${file.file}:${container.line}`),
          `${workload.kind}/${workload.name}`,
          container.name,
          container.image ? code(container.image) : "—",
          container.privileged ? "❌ yes" : "no",
          container.runAsUser === 0
            ? "❌ uid 0"
            : container.runAsNonRoot === true
              ? "✅"
              : container.runAsUser !== null
                ? `✅ uid ${container.runAsUser}`
                : "❌",
          container.requests && container.limits ? "✅" : "❌",
        ]),
      ),
    );
    if (containers.length > 0)
      parts.push(
        "",
        table(
          ["Container", "Workload", "Name", "Image", "Privileged", "runAsNonRoot", "Requests & limits"],
          containers,
        ),
      );
    if (facts.byRule.length > 0)
      parts.push(
        "",
        table(
          ["Rule", "Severity", "Findings"],
          facts.byRule.map((row) => [code(row.rule), row.severity.toUpperCase(), row.count]),
        ),
      );
    return parts.join("\n");
  },
  checklist(facts) {
    const files = [...facts.dockerfiles, ...facts.compose, ...facts.kubernetes].filter(
      (entry) => !entry.isTest,
    );
    if (files.length === 0)
      return [{ category: "Container hardening", status: "N/A", notes: "No container configuration" }];
    const severe = facts.byRule.filter((row) => row.severity === "critical" || row.severity === "high");
    const other = facts.byRule.filter((row) => row.severity === "medium" || row.severity === "low");
    const count = (rows: ContainersFacts["byRule"]) => rows.reduce((sum, row) => sum + row.count, 0);
    return [
      {
        category: "Container hardening",
        status: severe.length > 0 ? "❌ Missing" : other.length > 0 ? "⚠️ Partial" : "✅ Good",
        notes:
          severe.length + other.length === 0
            ? `${files.length} file(s) checked, no gaps`
            : `${count(severe)} critical/high, ${count(other)} medium/low finding(s) in ${files.length} file(s)`,
      },
    ];
  },
};
