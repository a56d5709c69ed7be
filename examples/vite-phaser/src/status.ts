/** Shows one line of what the page is doing under the game. */
export function showStatus(text: string): void {
  const el = document.getElementById('status');
  if (el !== null) el.textContent = text;
}
