import { describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import { containersScanner } from "../../tools/containers.js";
import { imageTagProblem } from "../../tools/lib/compose-issues.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const lines = (...parts: string[]) => `${parts.join("\n")}\n`;

const HARDENED_DIGEST = "0123456789abcdef".repeat(4);

const REPO: Record<string, string> = {
  // The cagent shape: passwordless sudo for the agent user, and every other classic mistake once.
  Dockerfile: lines(
    "FROM ubuntu:latest",
    "ARG USER_NAME=agent",
    "ENV DB_PASSWORD=hunter2secret",
    "RUN apt-get update && apt-get install -y curl sudo \\",
    "    && useradd -m $USER_NAME \\",
    '    && echo "$USER_NAME ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers.d/$USER_NAME',
    "RUN curl -fsSL https://get.example.sh | bash",
    "ADD https://example.com/tool.tar.gz /opt/",
    "RUN pip install requests>=2.31 flask",
    "RUN npm install -g wrangler",
    "EXPOSE 8080",
    'CMD ["python", "app.py"]',
  ),
  // Clean decoy: a variable base, stage references, pinned installs, quoted specifiers, checksummed ADD,
  // a secret-looking name that holds a path, an ARG without a value, a non-root user and a healthcheck.
  "services/api/Dockerfile": lines(
    "ARG BASE=node:20.11.1-alpine",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
    "FROM ${BASE} AS build",
    "WORKDIR /app",
    "RUN apk add --no-cache --virtual .build-deps git=2.43.0-r0",
    'RUN pip install "requests==2.31.0" flask==3.0.2 -r requirements.txt',
    "RUN npm install -g pnpm@8.15.4 && npm ci > /dev/null 2>&1",
    "FROM build AS test",
    "RUN echo ok",
    `FROM gcr.io/distroless/nodejs20-debian12:nonroot@sha256:${HARDENED_DIGEST}`,
    "COPY --from=build /app /app",
    `ADD --checksum=sha256:${HARDENED_DIGEST} https://example.com/file.tar.gz /tmp/`,
    "ENV NODE_ENV=production TOKEN_FILE=/run/secrets/token",
    "ARG API_KEY",
    "USER 10001",
    "EXPOSE 8080",
    'HEALTHCHECK CMD ["/nodejs/bin/node", "/app/health.js"]',
  ),
  "worker/Dockerfile": lines("FROM python:3.12.2-slim", "USER 1000", "HEALTHCHECK CMD python -c 'print(1)'"),
  "docker-compose.yml": lines(
    "services:",
    "  proxy:",
    "    image: envoyproxy/envoy:v1.28-latest",
    "    ports:",
    '      - "8080:80"',
    '      - "127.0.0.1:9901:9901"',
    "    volumes:",
    "      - /var/run/docker.sock:/var/run/docker.sock:ro",
    "  dns:",
    "    image: coredns/coredns",
    "    privileged: true",
    "    networks: [backend]",
    "  db:",
    "    image: postgres:16.2",
    "    read_only: true",
    "    security_opt:",
    "      - no-new-privileges:true",
    "    deploy:",
    "      resources:",
    "        limits:",
    "          memory: 512M",
    "    healthcheck:",
    '      test: ["CMD", "pg_isready"]',
    "    networks:",
    "      - backend",
    "  worker:",
    "    build: ./worker",
    "    image: acme/worker",
    "    volumes:",
    "      - type: bind",
    "        source: /var/run/docker.sock",
    "        target: /var/run/docker.sock",
    "networks:",
    "  backend: {}",
    "  edge:",
    "    internal: true",
    "  shared:",
    "    external: true",
  ),
  "k8s/app.yaml": lines(
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: api",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: api",
    "          image: ghcr.io/acme/api:latest",
    "          securityContext:",
    "            privileged: true",
    "      volumes:",
    "        - name: sock",
    "          hostPath:",
    "            path: /var/run/docker.sock",
    "        - name: cache",
    "          emptyDir: {}",
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: hardened",
    "spec:",
    "  template:",
    "    spec:",
    "      securityContext:",
    "        runAsNonRoot: true",
    "      containers:",
    "        - name: web",
    "          image: ghcr.io/acme/web:1.4.2",
    "          resources:",
    "            requests: { cpu: 100m, memory: 128Mi }",
    "            limits: { cpu: 500m, memory: 256Mi }",
    "---",
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    "  name: api",
  ),
  // Helm templates are not YAML until rendered; a test fixture is listed but never reported.
  "charts/api/templates/deployment.yaml": lines(
    "apiVersion: apps/v1",
    "kind: Deployment",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "        - image: {{ .Values.image }}",
  ),
  "tests/fixtures/Dockerfile": lines("FROM ubuntu"),
};

describe("containers scanner", () => {
  it("reports every planted gap at its exact line and nothing in the decoys", async () => {
    const root = await makeRepo(REPO);
    const { findings } = await containersScanner.run(await ingest(root), {});
    expect(
      findings.map((finding) => [
        finding.ruleId,
        finding.severity,
        `${finding.location?.file}:${finding.location?.startLine}`,
        finding.evidence,
      ]),
    ).toEqual([
      ["containers/base-image-tag", "medium", "Dockerfile:1", "FROM ubuntu:latest"],
      ["containers/secret-in-image", "high", "Dockerfile:3", "ENV DB_PASSWORD=[REDACTED:build-secret]"],
      [
        "containers/passwordless-sudo",
        "critical",
        "Dockerfile:6",
        '    && echo "$USER_NAME ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers.d/$USER_NAME',
      ],
      [
        "containers/unpinned-packages",
        "low",
        "Dockerfile:4",
        "RUN apt-get update && apt-get install -y curl sudo \\",
      ],
      ["containers/curl-pipe-shell", "high", "Dockerfile:7", "RUN curl -fsSL https://get.example.sh | bash"],
      ["containers/add-remote-url", "medium", "Dockerfile:8", "ADD https://example.com/tool.tar.gz /opt/"],
      ["containers/shell-redirect-version", "medium", "Dockerfile:9", "RUN pip install requests>=2.31 flask"],
      ["containers/unpinned-packages", "low", "Dockerfile:9", "RUN pip install requests>=2.31 flask"],
      ["containers/unpinned-packages", "low", "Dockerfile:10", "RUN npm install -g wrangler"],
      ["containers/no-user", "medium", "Dockerfile:1", "FROM ubuntu:latest"],
      ["containers/no-healthcheck", "low", "Dockerfile:1", "FROM ubuntu:latest"],
      [
        "containers/compose-image-tag",
        "medium",
        "docker-compose.yml:3",
        "    image: envoyproxy/envoy:v1.28-latest",
      ],
      [
        "containers/docker-socket",
        "medium",
        "docker-compose.yml:8",
        "      - /var/run/docker.sock:/var/run/docker.sock:ro",
      ],
      ["containers/compose-image-tag", "medium", "docker-compose.yml:10", "    image: coredns/coredns"],
      ["containers/compose-privileged", "high", "docker-compose.yml:11", "    privileged: true"],
      ["containers/docker-socket", "high", "docker-compose.yml:30", "      - type: bind"],
      ["containers/port-all-interfaces", "low", "docker-compose.yml:5", '      - "8080:80"'],
      ["containers/compose-no-new-privileges", "low", "docker-compose.yml:2", "  proxy:"],
      ["containers/compose-no-limits", "low", "docker-compose.yml:2", "  proxy:"],
      ["containers/compose-no-healthcheck", "low", "docker-compose.yml:2", "  proxy:"],
      ["containers/compose-writable-rootfs", "info", "docker-compose.yml:2", "  proxy:"],
      ["containers/compose-network-not-internal", "info", "docker-compose.yml:34", "  backend: {}"],
      ["containers/k8s-image-tag", "medium", "k8s/app.yaml:10", "          image: ghcr.io/acme/api:latest"],
      ["containers/k8s-privileged", "high", "k8s/app.yaml:12", "            privileged: true"],
      ["containers/k8s-run-as-root", "medium", "k8s/app.yaml:9", "        - name: api"],
      ["containers/k8s-no-resources", "low", "k8s/app.yaml:9", "        - name: api"],
      ["containers/k8s-host-path", "high", "k8s/app.yaml:15", "          hostPath:"],
    ]);
    const grouped = findings.find((finding) => finding.ruleId === "containers/compose-no-healthcheck");
    expect(grouped?.title).toBe("2 of 4 compose services without a healthcheck");
    expect(grouped?.description).toBe("In docker-compose.yml: `proxy` (line 2), `dns` (line 9).");
    const socket = findings.find(
      (finding) => finding.ruleId === "containers/docker-socket" && finding.severity === "medium",
    );
    expect(socket?.title).toBe("Service `proxy` mounts the Docker socket (read-only)");
    const redirect = findings.find((finding) => finding.ruleId === "containers/shell-redirect-version");
    expect(redirect?.recommendation).toBe(
      'Quote the requirement (`pip install "requests>=2.31"`) or use a requirements file.',
    );
    expect(JSON.stringify(findings)).not.toContain("hunter2secret");
  });

  it("records what it established about each file", async () => {
    const root = await makeRepo(REPO);
    const { facts, strengths } = await containersScanner.run(await ingest(root), {});
    expect(
      facts.dockerfiles.map(({ file, isTest, stages, finalUser, healthcheck, exposesPorts }) => ({
        file,
        isTest,
        stages,
        finalUser,
        healthcheck,
        exposesPorts,
      })),
    ).toEqual([
      {
        file: "Dockerfile",
        isTest: false,
        stages: 1,
        finalUser: null,
        healthcheck: false,
        exposesPorts: true,
      },
      {
        file: "services/api/Dockerfile",
        isTest: false,
        stages: 3,
        finalUser: "10001",
        healthcheck: true,
        exposesPorts: true,
      },
      {
        file: "tests/fixtures/Dockerfile",
        isTest: true,
        stages: 1,
        finalUser: null,
        healthcheck: false,
        exposesPorts: false,
      },
      {
        file: "worker/Dockerfile",
        isTest: false,
        stages: 1,
        finalUser: "1000",
        healthcheck: true,
        exposesPorts: false,
      },
    ]);
    expect(facts.dockerfiles[1]?.baseImages).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
      { image: "${BASE}", line: 2, pinned: true },
      {
        image: `gcr.io/distroless/nodejs20-debian12:nonroot@sha256:${HARDENED_DIGEST}`,
        line: 9,
        pinned: true,
      },
    ]);
    const services = facts.compose[0]?.services ?? [];
    expect(
      services.map((service) => [
        service.name,
        service.line,
        service.dockerSocket,
        service.healthcheck,
        service.resourceLimits,
        service.noNewPrivileges,
        service.readOnly,
      ]),
    ).toEqual([
      ["proxy", 2, "read-only", false, false, false, false],
      ["dns", 9, "none", false, false, false, false],
      ["db", 13, "none", true, true, true, true],
      ["worker", 26, "read-write", true, false, false, false],
    ]);
    expect(services[0]?.ports).toEqual([
      { spec: "8080:80", line: 5, allInterfaces: true },
      { spec: "127.0.0.1:9901:9901", line: 6, allInterfaces: false },
    ]);
    expect(facts.compose[0]?.networks).toEqual([
      { name: "backend", line: 34, internal: false, external: false },
      { name: "edge", line: 35, internal: true, external: false },
      { name: "shared", line: 37, internal: false, external: true },
    ]);
    expect(facts.kubernetes.map((file) => file.file)).toEqual(["k8s/app.yaml"]);
    expect(facts.kubernetes[0]?.workloads).toEqual([
      {
        kind: "Deployment",
        name: "api",
        line: 2,
        containers: [
          {
            name: "api",
            line: 9,
            image: "ghcr.io/acme/api:latest",
            privileged: true,
            runAsNonRoot: null,
            runAsUser: null,
            requests: false,
            limits: false,
          },
        ],
        hostPathVolumes: ["/var/run/docker.sock"],
      },
      {
        kind: "Deployment",
        name: "hardened",
        line: 21,
        containers: [
          {
            name: "web",
            line: 30,
            image: "ghcr.io/acme/web:1.4.2",
            privileged: false,
            runAsNonRoot: true,
            runAsUser: null,
            requests: true,
            limits: true,
          },
        ],
        hostPathVolumes: [],
      },
    ]);
    expect(facts.byRule.find((row) => row.rule === "containers/unpinned-packages")).toEqual({
      rule: "containers/unpinned-packages",
      severity: "low",
      count: 3,
    });
    expect(facts.byRule.reduce((sum, row) => sum + row.count, 0)).toBe(27);
    expect(strengths).toEqual([]);
  });

  it("finds nothing in a hardened setup, and says what is good", async () => {
    const root = await makeRepo({
      Dockerfile: lines(
        "FROM python:3.12.2-slim",
        "RUN useradd -r app",
        "USER app",
        "EXPOSE 8000",
        "HEALTHCHECK CMD curl -f http://localhost:8000/health",
      ),
      "compose.yaml": lines(
        "services:",
        "  app:",
        "    build: .",
        "    read_only: true",
        "    security_opt: [no-new-privileges:true]",
        "    mem_limit: 512m",
        "    ports:",
        '      - "127.0.0.1:8000:8000"',
      ),
    });
    const { findings, strengths } = await containersScanner.run(await ingest(root), {});
    expect(findings).toEqual([]);
    expect(strengths).toEqual([
      { area: "security", text: "Every Dockerfile (1) switches to a non-root USER." },
      { area: "infrastructure", text: "All 1 base images are pinned to a version tag or digest." },
      { area: "infrastructure", text: "Resource limits are set on all 1 compose services." },
      { area: "reliability", text: "Every compose service (1) has a healthcheck." },
    ]);
  });
});

describe("containers scanner, less common rules", () => {
  it("treats an npm package with a major-only or range version as unpinned", async () => {
    const root = await makeRepo({
      Dockerfile: lines(
        "FROM node:20.11.1-alpine",
        "RUN npm install -g wrangler@4 typescript@^5.4.0 pnpm@8.15.4 @scope/tool@1.0.0-beta.1",
        "USER node",
      ),
    });
    const { findings } = await containersScanner.run(await ingest(root), {});
    const unpinned = findings.filter((finding) => finding.ruleId === "containers/unpinned-packages");
    expect(unpinned.map((finding) => [finding.location?.startLine, finding.description])).toEqual([
      [
        2,
        "Dockerfile installs `wrangler@4`, `typescript@^5.4.0` without an exact version, so each build can produce a different image.",
      ],
    ]);
  });

  it("flags healthchecks that can never fail, and not real probes", async () => {
    const root = await makeRepo({
      "docker-compose.yml": lines(
        "services:",
        "  agent:",
        "    image: agent:1.2.3",
        "    healthcheck:",
        '      test: ["CMD-SHELL", "kill -0 1"]',
        "  shipper:",
        "    image: vector:0.36.0",
        "    healthcheck:",
        '      test: ["CMD-SHELL", "wget -q --spider http://localhost:8686/health || kill -0 1"]',
        "  api:",
        "    image: api:2.0.0",
        "    healthcheck:",
        '      test: ["CMD-SHELL", "wget -q --spider http://localhost:8080/health || exit 1"]',
        "  proxy:",
        "    image: envoy:1.28.2",
        "    healthcheck:",
        "      test: curl -f http://localhost:9901/ready",
        "  db:",
        "    image: postgres:16.2",
        "    healthcheck:",
        '      test: ["NONE"]',
      ),
    });
    const { facts, findings, strengths } = await containersScanner.run(await ingest(root), {});
    const flagged = findings.filter(
      (finding) => finding.ruleId === "containers/compose-healthcheck-always-passes",
    );
    expect(flagged.map((finding) => [finding.title, finding.location?.startLine, finding.evidence])).toEqual([
      ["Service `agent` healthcheck always passes", 5, '      test: ["CMD-SHELL", "kill -0 1"]'],
      [
        "Service `shipper` healthcheck always passes",
        9,
        '      test: ["CMD-SHELL", "wget -q --spider http://localhost:8686/health || kill -0 1"]',
      ],
    ]);
    expect(flagged[1]?.description).toContain("turns a failed probe into success");
    expect(
      facts.compose[0]?.services.map((service) => [
        service.name,
        service.healthcheck,
        service.healthcheckAlwaysPasses,
      ]),
    ).toEqual([
      ["agent", true, true],
      ["shipper", true, true],
      ["api", true, false],
      ["proxy", true, false],
      // `test: ["NONE"]` switches the image's healthcheck off.
      ["db", false, false],
    ]);
    expect(strengths?.map((strength) => strength.text).join("\n")).not.toContain("has a healthcheck");
  });

  it("flags sudo without NOPASSWD, an explicit root user, inherited stage users and runAsNonRoot: false", async () => {
    const root = await makeRepo({
      Dockerfile: lines("FROM debian:12.5 AS base", "RUN apt-get install -y sudo=1.9.13p3-1", "USER root"),
      "app.Dockerfile": lines("FROM debian:12.5 AS base", "USER app", "FROM base", "RUN true"),
      "pod.yaml": lines(
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        "  name: one",
        "spec:",
        "  securityContext:",
        "    runAsNonRoot: true",
        "  containers:",
        "    - name: main",
        "      image: busybox:1.36.1",
        "      securityContext:",
        "        runAsNonRoot: false",
        "      resources:",
        "        requests: { cpu: 10m }",
        "        limits: { cpu: 20m }",
      ),
    });
    const { facts, findings } = await containersScanner.run(await ingest(root), {});
    expect(
      findings.map((finding) => [
        finding.ruleId,
        finding.severity,
        `${finding.location?.file}:${finding.location?.startLine}`,
      ]),
    ).toEqual([
      ["containers/sudo-installed", "medium", "Dockerfile:2"],
      ["containers/root-user", "medium", "Dockerfile:3"],
      ["containers/k8s-run-as-root", "medium", "pod.yaml:12"],
    ]);
    expect(facts.dockerfiles.find((entry) => entry.file === "app.Dockerfile")?.finalUser).toBe("app");
  });
});

describe("containers scanner, shapes from real Dockerfiles and manifests", () => {
  it("reads inline comments, blank-trailed continuations, apt >= specifiers, repeated installs and installers piped to python", async () => {
    const root = await makeRepo({
      Dockerfile: lines(
        "FROM python:alpine", // 1
        "RUN curl -sSL https://install.python-poetry.org | python3 -", // 2
        "RUN pip install numpy==1.26.4  # must install separately", // 3
        "RUN apt-get install -y \\ ", // 4: a backslash then a blank
        "    libcurl4=7.88.1-10 zlib1g-dev", // 5
        "RUN wget -O /usr/share/keyrings/tool-keyring.gpg https://example.org/key && \\", // 6
        "    apt-get install -y bedtools>=2.29.2 tool", // 7
        "RUN pip install cython==0.29.36 && \\", // 8
        "    pip install cython>=0.29", // 9
        "USER app", // 10
      ),
      "docker-compose.yml": lines(
        "services:",
        "  web:",
        "    image: nginx:alpine",
        "  mcp:",
        // Compose variables: a default in the file is read, a bare variable is unknown here.
        `    image: mcp/docker:$${"{"}MCP_DOCKER_VERSION:-latest}`,
        "  api:",
        `    image: ghcr.io/acme/api:$${"{"}API_TAG}`,
      ),
    });
    const { findings } = await containersScanner.run(await ingest(root), {});
    const sites = findings
      .filter(
        (finding) =>
          finding.ruleId !== "containers/no-healthcheck" &&
          !(finding.ruleId ?? "").startsWith("containers/compose-"),
      )
      .map((finding) => `${finding.ruleId}:${finding.location?.startLine}`);
    expect(sites.sort()).toEqual(
      [
        "containers/base-image-tag:1",
        "containers/curl-pipe-shell:2",
        "containers/unpinned-packages:5",
        "containers/shell-redirect-version:7",
        "containers/unpinned-packages:7",
        "containers/shell-redirect-version:9",
        "containers/unpinned-packages:9",
      ].sort(),
    );
    const packages = findings
      .filter((finding) => finding.ruleId === "containers/unpinned-packages")
      .map((finding) => finding.description.match(/`[^`]+`/g)?.join(" "));
    expect(packages).toEqual(["`zlib1g-dev`", "`bedtools` `tool`", "`cython`"]);
    const images = findings
      .filter((finding) => finding.ruleId === "containers/compose-image-tag")
      .map((finding) => finding.location?.startLine);
    expect(images).toEqual([3, 5]);
  });

  it("reads ARG-parameterised FROM and USER, comment lines in continuations, heredocs and $(curl) subshells", async () => {
    const root = await makeRepo({
      Dockerfile: lines(
        "ARG BASE=alpine:latest",
        "ARG API_TOKEN=q8Xv2LmN4pR7sT1w",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
        "FROM ${BASE} AS build",
        "RUN apt-get install -y \\",
        "    # editors",
        "    vim \\",
        "    curl",
        "RUN <<EOF",
        "apk add --no-cache tini",
        'adduser -D -g "" app',
        "xargs apk add < /tmp/packages.txt",
        "EOF",
        'RUN bash -c "$(curl -fsSL https://example.com/install.sh)"',
        "ARG APP_UID=0",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
        "USER ${APP_UID}:app",
      ),
      // Clean decoy: a pinned ARG base, a heredoc with a comment, a stage reference, scratch and a non-root USER.
      "clean/Dockerfile": lines(
        "ARG GO_VERSION=1.22.5",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
        "FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build",
        "RUN <<EOF",
        "# build the binary",
        "go build -o /out/app . > /dev/null 2>&1",
        "EOF",
        "FROM build AS test",
        "RUN go test ./...",
        "FROM scratch",
        "COPY --from=build /out/app /app",
        "ARG APP_UID=65532",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
        "USER ${APP_UID}",
      ),
    });
    const { findings, facts } = await containersScanner.run(await ingest(root), {});
    expect(
      findings.map((finding) => [
        finding.ruleId,
        `${finding.location?.file}:${finding.location?.startLine}`,
        finding.evidence,
      ]),
    ).toEqual([
      ["containers/secret-in-image", "Dockerfile:2", "ARG API_TOKEN=[REDACTED:build-secret]"],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
      ["containers/base-image-tag", "Dockerfile:3", "FROM ${BASE} AS build"],
      ["containers/unpinned-packages", "Dockerfile:6", "    vim \\"],
      ["containers/unpinned-packages", "Dockerfile:9", "apk add --no-cache tini"],
      [
        "containers/curl-pipe-shell",
        "Dockerfile:13",
        'RUN bash -c "$(curl -fsSL https://example.com/install.sh)"',
      ],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
      ["containers/root-user", "Dockerfile:15", "USER ${APP_UID}:app"],
    ]);
    // Comment words, heredoc terminators, redirect targets and empty quoted arguments are not packages.
    expect(
      findings
        .filter((finding) => finding.ruleId === "containers/unpinned-packages")
        .map((finding) => finding.description.match(/installs (.*) without/)?.[1]),
    ).toEqual(["`vim`, `curl`", "`tini`"]);
    expect(findings.at(-1)?.description).toContain("(`0:app` with the ARG defaults)");
    expect(
      facts.dockerfiles.map(({ file, baseImages, finalUser }) => ({ file, baseImages, finalUser })),
    ).toEqual([
      {
        file: "Dockerfile",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
        baseImages: [{ image: "${BASE}", line: 3, pinned: false }],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
        finalUser: "${APP_UID}:app",
      },
      {
        file: "clean/Dockerfile",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
        baseImages: [{ image: "golang:${GO_VERSION}-alpine", line: 2, pinned: true }],
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture holds a literal ${VAR}
        finalUser: "${APP_UID}",
      },
    ]);
  });

  it("takes a non-zero runAsUser as non-root and flags runAsUser: 0 at its line", async () => {
    const root = await makeRepo({
      "deploy/app.yaml": lines(
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: api}",
        "spec:",
        "  template:",
        "    spec:",
        "      securityContext:",
        "        runAsUser: 1000",
        "      containers:",
        "        - name: app",
        "          image: acme/app:1.2.3",
        "          resources: {requests: {cpu: 100m}, limits: {memory: 128Mi}}",
        "        - name: debug",
        "          image: acme/debug:1.0.0",
        "          securityContext:",
        "            runAsUser: 0",
        "          resources: {requests: {cpu: 100m}, limits: {memory: 128Mi}}",
      ),
    });
    const { findings, facts } = await containersScanner.run(await ingest(root), {});
    expect(
      findings.map((finding) => [
        finding.ruleId,
        `${finding.location?.file}:${finding.location?.startLine}`,
        finding.evidence,
      ]),
    ).toEqual([["containers/k8s-run-as-root", "deploy/app.yaml:16", "            runAsUser: 0"]]);
    expect(
      facts.kubernetes[0]?.workloads[0]?.containers.map(({ name, runAsNonRoot, runAsUser }) => ({
        name,
        runAsNonRoot,
        runAsUser,
      })),
    ).toEqual([
      { name: "app", runAsNonRoot: null, runAsUser: 1000 },
      { name: "debug", runAsNonRoot: null, runAsUser: 0 },
    ]);
  });
});

describe("image tags", () => {
  it("tells moving tags from pinned ones", () => {
    expect(
      [
        "nginx",
        "nginx:latest",
        "envoyproxy/envoy:v1.28-latest",
        "redis:stable",
        "localhost:5000/app",
        "nginx:1.27.3",
      ].map(imageTagProblem),
    ).toEqual(["untagged", "floating", "floating", "floating", "untagged", undefined]);
    expect(imageTagProblem(`nginx@sha256:${HARDENED_DIGEST}`)).toBeUndefined();
    expect(imageTagProblem("registry.example.com:5000/team/app:2.1.0")).toBeUndefined();
  });
});
