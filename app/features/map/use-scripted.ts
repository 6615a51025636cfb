import { useEffect, useState } from "react";

/** False in the server's HTML and until the page's scripts run: what needs JavaScript waits for true. */
export function useScripted(): boolean {
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  return scripted;
}
