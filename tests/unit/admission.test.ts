// Under overload requests wait their turn for the database, first come first served, instead of each
// transaction queueing for the pool behind every other request; a browser that left gives up its place.
import { describe, expect, it } from "vitest";
import { createAdmissionGate, type Admission } from "~/server/admission.server";

const admittedOrFail = (admission: Admission) => {
  if (admission.status !== "admitted") throw new Error(`expected a turn, got ${admission.status}`);
  return admission;
};

describe("admission of requests to the database", () => {
  it("lets `limit` requests work at once and the next ones in the order they came", async () => {
    const gate = createAdmissionGate({ limit: 2 });
    const first = admittedOrFail(await gate.enter());
    const second = admittedOrFail(await gate.enter());
    const order: string[] = [];
    const third = gate.enter().then((turn) => (order.push("third"), admittedOrFail(turn)));
    const fourth = gate.enter().then((turn) => (order.push("fourth"), admittedOrFail(turn)));
    expect(gate.waiting).toBe(2);
    first.release();
    (await third).release();
    second.release();
    (await fourth).release();
    expect(order).toEqual(["third", "fourth"]);
    expect(gate.active).toBe(0);
  });

  it("refuses a request that waited its longest as busy, and the queue moves on", async () => {
    const gate = createAdmissionGate({ limit: 1, maxWaitMs: 20 });
    const holder = admittedOrFail(await gate.enter());
    expect((await gate.enter()).status).toBe("busy");
    holder.release();
    admittedOrFail(await gate.enter()).release();
    expect(gate.active).toBe(0);
  });

  it("drops a waiting request whose browser went away, without giving it a turn", async () => {
    const gate = createAdmissionGate({ limit: 1 });
    const holder = admittedOrFail(await gate.enter());
    const left = new AbortController();
    const leaving = gate.enter(left.signal);
    const staying = gate.enter();
    left.abort();
    expect((await leaving).status).toBe("gone");
    holder.release();
    const next = admittedOrFail(await staying);
    expect(gate.active).toBe(1);
    next.release();
    next.release();
    expect(gate.active).toBe(0);
  });
});
