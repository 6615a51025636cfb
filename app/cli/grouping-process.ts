// The grouping engine in a process of its own, for the grouping job (app/features/need-groups/grouping-runs.server.ts): a
// large run takes seconds of CPU, which would stall every request of the app's own process. Started with
// fork(); receives { items } once, answers { progress } as it goes and { suggestion } at the end.
import { suggestGroups, type GroupingInput } from "~/features/need-groups/grouping/index";

process.once("message", (message: { items: GroupingInput[] }) => {
  let reported = 0;
  const suggestion = suggestGroups(message.items, {
    onProgress: (fraction) => {
      if (fraction - reported < 0.05 && fraction < 1) return;
      reported = fraction;
      process.send?.({ progress: fraction });
    },
  });
  process.send?.({ suggestion }, () => process.exit(0));
});
