#!/usr/bin/env bash
# Slot benchmark (issue #8): cold start, resume (stopped and paused), warm forwarding overhead against direct mTLS
# calls, throughput, idle runner memory, orchestrator memory with many slots, and idle slots under streaming load,
# through a real orchestrator process on real Docker. Prints one table (min / median / max, p99 where it matters,
# the load average before and after) and writes a PNG plot of the start-time distributions.
#
# Usage (from anywhere; needs docker, mvn and a JDK 17):
#   . ../shared/ci/docker-engine.sh        # on the project's machines: Docker engine, CCX_EXTRA_CA_PEM
#   orchestrator/bench/slot-bench.sh       # about 8 minutes with the defaults below
#
# Environment (defaults in brackets):
#   RUNS [10]        cold starts, stopped resumes and paused resumes measured (each)
#   WARMUP [3000]    unmeasured request pairs first: a long-running orchestrator is JIT-compiled (during a
#                    1000-pair warm-up a third of its CPU is still the C2 compiler)
#   WARM [1000]      measured request pairs (orchestrator vs direct) for the forwarding overhead
#   USERS [50] STREAMS [2]   throughput shape: users x concurrent streams each
#   ROUNDS [3] REQUESTS [10] repetitions of the throughput and load runs, requests per stream per round
#   IDLE_SLOTS [100] LOAD_STREAMS [20]  slots kept up and idle, streaming users next to them
#   PAUSE [1]        0 skips the paused-resume phase (for orchestrators without limits.pause_after)
#   SPARE_NETWORKS [2]  the orchestrator's CCX_SPARE_NETWORKS (0: every cold start creates its network)
#   PLOT [orchestrator/target/bench/cold-start.png]  where the plot goes
#   ORCHESTRATOR_JAVA_OPTS  extra JVM options for the orchestrator, e.g.
#                    -XX:StartFlightRecording=filename=/tmp/orchestrator.jfr,settings=profile
#   BASE_IMAGE       runner image the stand-in image is built on (default: ccx-runner:latest, built from this
#                    repository when its sources changed, as the integration tests do)
# Everything the run creates (runners, volumes, networks of its own instance id) is removed at the end, also on
# failure or Ctrl-C. Measure on a quiet machine: the table shows the load average next to the figures.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
mvn -q -B -pl orchestrator -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="orchestrator/target/test-classes:orchestrator/target/classes:$(cat orchestrator/target/bench.classpath)"
# The benchmark's HTTP client lets go of an idle connection after 20 s, before the orchestrator's Jetty does (30 s):
# otherwise a request can go out on a connection Jetty has just closed (after the 100-connection throughput phase,
# one start of a full run failed with "header parser received no bytes" and no trace in the orchestrator's log).
exec java -XX:+UseSerialGC -Djdk.httpclient.keepalive.timeout=20 \
  -Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider -cp "$CP" dev.ccx.orchestrator.bench.SlotBench
