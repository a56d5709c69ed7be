// The page: `?mode=play` watches the bot saved in this browser (it loads pixelpilot/play only);
// anything else is the game with an agent that learns to play it.
const mode = new URLSearchParams(location.search).get('mode');

document.addEventListener('DOMContentLoaded', () => {
  if (mode === 'play') void import('./bot/main').then(({ default: StartBot }) => StartBot('game-container'));
  else void import('./game/main').then(({ default: StartGame }) => StartGame('game-container'));
});
