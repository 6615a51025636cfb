/**
 * Admission for requests that reach the database: at most `limit` at work at once, the others waiting their
 * turn, first come first served. Under overload a request then waits once, here, and runs its several
 * transactions without queueing for the pool behind every other request between each of them (which made
 * a page with five transactions wait five times, and time out). A request that waited `maxWaitMs` is
 * refused (the 503 page with Retry-After); one whose browser went away leaves the queue unserved.
 */
export const MAX_ADMISSION_WAIT_MS = 60_000;

export type Admission = { status: "admitted"; release(): void } | { status: "busy" } | { status: "gone" };

export interface AdmissionGate {
  enter(signal?: AbortSignal): Promise<Admission>;
  /** Requests at work and waiting, for tests and logs. */
  readonly active: number;
  readonly waiting: number;
}

export function createAdmissionGate({
  limit,
  maxWaitMs = MAX_ADMISSION_WAIT_MS,
}: {
  limit: number;
  maxWaitMs?: number;
}): AdmissionGate {
  let active = 0;
  const queue: { admit(): void; settled: boolean }[] = [];

  const admitted = (): Admission => {
    let released = false;
    return {
      status: "admitted",
      release() {
        if (released) return;
        released = true;
        active--;
        next();
      },
    };
  };

  function next() {
    while (active < limit && queue.length) {
      const waiter = queue.shift()!;
      if (waiter.settled) continue;
      waiter.settled = true;
      active++;
      waiter.admit();
    }
  }

  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.filter((waiter) => !waiter.settled).length;
    },
    enter(signal) {
      if (signal?.aborted) return Promise.resolve({ status: "gone" });
      if (active < limit && !queue.length) {
        active++;
        return Promise.resolve(admitted());
      }
      return new Promise<Admission>((resolve) => {
        const waiter = {
          settled: false,
          admit() {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
            resolve(admitted());
          },
        };
        const leave = (outcome: Admission) => {
          if (waiter.settled) return;
          waiter.settled = true;
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          resolve(outcome);
        };
        const onAbort = () => leave({ status: "gone" });
        const timer = setTimeout(() => leave({ status: "busy" }), maxWaitMs);
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(waiter);
      });
    },
  };
}
