const q=document.getElementById('q'),st=document.getElementById('st'),rows=[...document.querySelectorAll('#items tbody tr.item')];
function filter(){const t=q.value.toLowerCase(),s=st.value;rows.forEach(r=>{const ok=(!t||r.textContent.toLowerCase().includes(t))&&(!s||r.dataset.status===s||r.dataset.kinds.split(' ').includes(s));r.style.display=ok?'':'none';});}
q.addEventListener('input',filter);st.addEventListener('change',filter);
document.querySelectorAll('#items th').forEach((th,i)=>th.addEventListener('click',()=>{const tb=th.closest('table').tBodies[0];const dir=th.dataset.dir=th.dataset.dir==='asc'?'desc':'asc';
const key=r=>{const c=r.children[i];const v=c.dataset.v??c.textContent;return isNaN(parseFloat(v))?v.toLowerCase():parseFloat(v);};
rows.sort((a,b)=>{const x=key(a),y=key(b);return (x<y?-1:x>y?1:0)*(dir==='asc'?1:-1);}).forEach(r=>tb.appendChild(r));}));
