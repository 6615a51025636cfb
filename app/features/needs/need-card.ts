/**
 * Whether a need's text says more than its title, so a card shows it: not when the two differ only in case,
 * spacing or punctuation ("More seating in the park" and "More seating in the park.").
 */
export function descriptionAddsToTitle(title: string, description: string): boolean {
  const plain = (text: string) =>
    text
      .toLocaleLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  return plain(description) !== plain(title);
}
