/* Material for MkDocs 9 (MIT, see README.txt): the inline script of partials/javascripts/base.html,
   as a file so that pages need no inline script. The site root is two folders above this file. */
__md_scope=new URL("../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
