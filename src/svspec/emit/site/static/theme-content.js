/* Material for MkDocs 9 (MIT, see README.txt): the inline script of partials/javascripts/content.html,
   as a file so that pages need no inline script (the content.tabs.link script is not used). */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
