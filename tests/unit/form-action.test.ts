// Forms on index routes post to the page's own address: the "?index" Remix adds is dropped (so the address
// bar stays clean after a refused post), and every other parameter is kept.
import { describe, expect, it } from "vitest";
import { withoutIndexParam } from "~/lib/forms";

describe("a form's action without Remix's index marker", () => {
  it("drops a bare index parameter and keeps the others in order", () => {
    expect(withoutIndexParam("/c/bowling-green/needs/new?index")).toBe("/c/bowling-green/needs/new");
    expect(withoutIndexParam("/c/bowling-green/needs/new?index&change=1")).toBe(
      "/c/bowling-green/needs/new?change=1",
    );
    expect(withoutIndexParam("/sign-in?redirectTo=%2Faccount&index")).toBe("/sign-in?redirectTo=%2Faccount");
  });

  it("leaves an action without the marker as it is, and an index with a value", () => {
    expect(withoutIndexParam("/needs/GS-123/edit")).toBe("/needs/GS-123/edit");
    expect(withoutIndexParam("/workspace/c/x/needs?page=2")).toBe("/workspace/c/x/needs?page=2");
    expect(withoutIndexParam("/search?index=3")).toBe("/search?index=3");
  });
});
