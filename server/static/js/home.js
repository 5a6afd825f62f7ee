// The home page: focus the search box when nothing else has the focus.
const box = document.getElementById("site-q");
if (box && document.activeElement === document.body) box.focus();
