import { Tag } from "./feedback";

/**
 * A community group's verification: always says which commissioning organisation checked it and when, so
 * the badge means something ("Verified by Eastshire Council on 3 March 2027").
 */
export function VerifiedBadge({ label = "Verified", text }: { label?: string; text?: string }) {
  return (
    <span className="gs-verified">
      <Tag colour="green">{label}</Tag>
      {text ? <> {text}</> : null}
    </span>
  );
}
