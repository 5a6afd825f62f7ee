// The home page: the big search box takes the focus, as a search engine's would.
const box = document.getElementById("home-q");
if (box && document.activeElement === document.body) box.focus({ preventScroll: true });
