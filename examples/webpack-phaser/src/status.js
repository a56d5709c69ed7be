/** Shows one line of what the page is doing under the game. */
function showStatus(text) {
  const el = document.getElementById("status");
  if (el !== null) el.textContent = text;
}
export {
  showStatus
};
