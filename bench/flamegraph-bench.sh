#!/bin/sh
# Runs the HTML flame graph benchmark: a 200 000-node profile written as HTML, then opened in
# headless Chromium (/usr/bin/chromium) to time the first interactive frame and each toggle.
# Usage: bench/flamegraph-bench.sh [nodes] [runs]   (defaults: 200000 9)
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl flamegraph -am install -DskipTests
./mvnw -q -B -pl flamegraph test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.mainClass=dev.jflame.flamegraph.FlameGraphBench -Dexec.classpathScope=test \
  -Dexec.args="${1:-200000} ${2:-9}"
