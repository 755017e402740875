/** Shared by the ssh key tables: whether a key-file line carries data (not blank, not a comment). */
export function isKeyLine(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#');
}
