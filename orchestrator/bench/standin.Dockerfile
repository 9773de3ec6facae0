# The runner image with stand-ins for the two CLIs that answer at once (the ones of the image's CDS training run),
# so that the slot benchmark measures the orchestrator, Docker and the runner agent, never a model. SlotBench builds
# it with runner-image/cds as the context:
#   docker build -f orchestrator/bench/standin.Dockerfile --build-arg BASE=ccx-runner:latest -t ccx-runner-bench runner-image/cds
ARG BASE=ccx-runner:latest
FROM ${BASE}
COPY standin-claude standin-codex /opt/ccx/bench/
ENV CCX_CLAUDE_BIN=/opt/ccx/bench/standin-claude \
    CCX_CODEX_BIN=/opt/ccx/bench/standin-codex
