// The grouping engine in a process of its own, for the grouping job (app/features/need-groups/grouping-runs.server.ts): a
// large run takes seconds of CPU, which would stall every request of the app's own process. Started with
// fork() and advanced serialisation (the meaning vectors arrive as typed arrays); receives { items, options }
// once, answers { progress } as it goes and { suggestion } at the end.
import {
  suggestGroups,
  type GroupingInput,
  type GroupingOptions,
} from "~/features/need-groups/grouping/index";

process.once("message", (message: { items: GroupingInput[]; options?: GroupingOptions }) => {
  let reported = 0;
  const suggestion = suggestGroups(message.items, {
    ...message.options,
    onProgress: (fraction) => {
      if (fraction - reported < 0.05 && fraction < 1) return;
      reported = fraction;
      process.send?.({ progress: fraction });
    },
  });
  process.send?.({ suggestion }, () => process.exit(0));
});
