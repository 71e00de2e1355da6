// The queries this browser ran, most recent first, kept in localStorage (nothing is sent anywhere).
const KEY = "ger-kg.query-history";
const MOST = 50;

export function readHistory() {
  try {
    const items = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(items) ? items.filter((x) => typeof x.query === "string") : [];
  } catch {
    return [];
  }
}

export function remember(query) {
  const items = [{ query, at: new Date().toISOString() }, ...readHistory().filter((x) => x.query !== query)];
  try {
    localStorage.setItem(KEY, JSON.stringify(items.slice(0, MOST)));
  } catch {
    // storage full or disabled: the history is a convenience
  }
}

/** A short name for a history entry: its title comment, else its first line that is not a PREFIX. */
export function summary(query) {
  const title = query.match(/^#\s*title:\s*(.+)$/m);
  if (title) return title[1];
  const line = query.split("\n").map((l) => l.trim()).find((l) => l && !/^(PREFIX|BASE|#)/i.test(l)) || query;
  return line.length > 70 ? line.slice(0, 69) + "…" : line;
}
