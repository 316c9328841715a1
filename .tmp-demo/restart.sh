#!/bin/bash
P=$(cat /tmp/demo-live/pid 2>/dev/null)
if [ -n "$P" ]; then for c in $(ps -o pid= --ppid $P); do kill $c; done; kill $P 2>/dev/null; fi
sleep 1
rm -rf /tmp/demo-live && mkdir -p /tmp/demo-live/data /tmp/demo-live/shared
cd /work/main
setsid node node_modules/tsx/dist/cli.mjs src-main/cli/main.ts serve --demo --data /tmp/demo-live/data --shared /tmp/demo-live/shared --office-port 0 --port 0 > /tmp/demo-live/out.log 2>&1 &
echo $! > /tmp/demo-live/pid
sleep 9
cat /tmp/demo-live/out.log
