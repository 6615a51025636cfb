// The grouping engine in a process of its own, for the grouping job (app/features/need-groups/grouping-runs.server.ts): a
// large run takes seconds of CPU, which would stall every request of the app's own process, and its memory is
// its own. Started with fork() and advanced serialisation (typed arrays travel as bytes, not JSON lists). The
// app sends { start } with the options, the needs in { batch }es as it reads them and { end }; this process
// keeps them compactly (app/features/need-groups/grouping/collect.ts), answers { progress } as it groups and
// then { summary }; the app pulls the links with { next }, one { links } chunk at a time, until { links: null }.
import fs from "node:fs";
import { linkChunks, NeedCollector } from "~/features/need-groups/grouping/collect";
import type { GroupingOptions } from "~/features/need-groups/grouping/index";
import type { EngineMessage } from "~/features/need-groups/grouping-runs.server";

/** Grouped needs per links message: a few hundred kilobytes each. */
const LINK_CHUNK = 20_000;

const collector = new NeedCollector();

/** This process's peak resident memory (the kernel's VmHWM), for the run's record; null off Linux. */
function peakMemoryMb(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
let options: Omit<GroupingOptions, "onProgress"> = {};
let links: Generator<unknown> | null = null;

process.on("message", (message: EngineMessage) => {
  if ("start" in message) {
    options = message.start.options;
  } else if ("batch" in message) {
    collector.keep(message.batch);
  } else if ("end" in message) {
    let reported = 0;
    const suggestion = collector.suggest({
      ...options,
      onProgress: (fraction) => {
        if (fraction - reported < 0.05 && fraction < 1) return;
        reported = fraction;
        process.send?.({ progress: fraction });
      },
    });
    const grouped = suggestion.assignments.reduce((sum, { group }) => sum + (group === null ? 0 : 1), 0);
    links = linkChunks(suggestion, LINK_CHUNK);
    process.send?.({
      summary: {
        groups: suggestion.groups,
        proposals: suggestion.proposals,
        total: suggestion.assignments.length,
        grouped,
        enginePeakMb: peakMemoryMb(),
      },
    });
  } else if ("next" in message) {
    const chunk = links?.next();
    if (chunk && !chunk.done) process.send?.({ links: chunk.value });
    else process.send?.({ links: null }, () => process.exit(0));
  }
});
