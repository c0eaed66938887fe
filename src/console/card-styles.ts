/**
 * CSS for cards drawn by render-card.ts, modelled on Feishu's card look: white card, thin border,
 * 8px radius, light shadow, a header band tinted by `header.template`, 14px/22px body text,
 * 32px controls with 6px radius, buttons styled by `type`.
 */
const TEMPLATES: Record<string, [string, string]> = {
  blue: ['#e1eaff', '#f0f4ff'], wathet: ['#d9f3fd', '#eefaff'], turquoise: ['#d5f6f2', '#ecfbf8'], green: ['#d9f5d6', '#eefaec'],
  yellow: ['#faf1d1', '#fdf9e8'], orange: ['#feead2', '#fff5ea'], red: ['#fde2e2', '#fff0f0'], carmine: ['#fddded', '#fff0f7'],
  violet: ['#f8def8', '#fcf0fc'], purple: ['#ece2fe', '#f6f1ff'], indigo: ['#e0e4fb', '#f0f2fd'], grey: ['#eff0f1', '#f7f8f8'],
  default: ['#ffffff', '#ffffff'],
};
const TAGS: Record<string, [string, string]> = {
  neutral: ['#1f2329', '#eff0f1'], blue: ['#245bdb', '#e1eaff'], wathet: ['#0e8ec4', '#d9f3fd'], turquoise: ['#0f9d91', '#d5f6f2'],
  green: ['#2ea121', '#d9f5d6'], lime: ['#5a8d00', '#eef6c6'], yellow: ['#aa7803', '#faf1d1'], orange: ['#c25705', '#feead2'],
  red: ['#d83931', '#fde2e2'], carmine: ['#c71f75', '#fddded'], violet: ['#a12ba3', '#f8def8'], purple: ['#5b29bd', '#ece2fe'],
  indigo: ['#3a45c6', '#e0e4fb'], grey: ['#646a73', '#eff0f1'],
};

export function cardStyles(): string {
  const templates = Object.entries(TEMPLATES)
    .map(([k, [a, b]]) => `.fc-t-${k}{background:linear-gradient(90deg,${a},${b})}`).join('\n');
  const tags = Object.entries(TAGS).map(([k, [fg, bg]]) => `.fc-tag-${k}{color:${fg};background:${bg}}`).join('\n');
  return `
.fc-card{background:#fff;border:1px solid #dee0e3;border-radius:8px;box-shadow:0 2px 8px rgba(31,35,41,.06);overflow:hidden;
  width:100%;max-width:600px;color:#1f2329;font-size:14px;line-height:22px;text-align:left;word-break:break-word}
.fc-card.fc-compact{max-width:400px}.fc-card.fc-fill{max-width:none}
.fc-header{padding:12px 12px 10px}
${templates}
.fc-header.fc-t-default{border-bottom:1px solid #eff0f1}
.fc-title-row{display:flex;align-items:flex-start;gap:8px;flex-wrap:wrap}
.fc-title{font-size:16px;line-height:24px;font-weight:600;color:#1f2329;flex:1 1 auto;min-width:0}
.fc-subtitle{font-size:14px;line-height:22px;color:#646a73;margin-top:2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.fc-tags{display:flex;gap:4px;flex-wrap:wrap;padding-top:3px}
.fc-tag{display:inline-block;font-size:12px;line-height:18px;padding:0 4px;border-radius:4px;font-weight:500;white-space:nowrap;vertical-align:1px}
${tags}
.fc-body{display:flex;flex-direction:column;align-items:stretch;padding:12px}
.fc-body>.fc-btn,.fc-col>.fc-btn,.fc-form>.fc-btn{align-self:flex-start}
.fc-body>.fc-btn.fc-w-fill,.fc-col>.fc-btn.fc-w-fill,.fc-form>.fc-btn.fc-w-fill{align-self:stretch}
.fc-md p{margin:0}.fc-md p+p{margin-top:8px}
.fc-md ul,.fc-md ol{margin:0;padding-left:22px}.fc-md li{margin:2px 0}
.fc-md a{color:#245bdb;text-decoration:none}.fc-md a:hover{text-decoration:underline}
.fc-md code{background:#f2f3f5;border-radius:4px;padding:0 4px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.fc-md pre{background:#f5f6f7;border-radius:6px;padding:8px 12px;overflow:auto;margin:0}.fc-md pre code{background:none;padding:0}
.fc-md blockquote{margin:0;padding-left:10px;border-left:2px solid #bbbfc4;color:#646a73}
.fc-md hr,.fc-hr{border:0;border-top:1px solid #dee0e3;margin:4px 0;width:100%}
.fc-h{font-weight:600}.fc-h1{font-size:20px;line-height:30px}.fc-h2{font-size:18px;line-height:28px}.fc-h3,.fc-h4{font-size:16px;line-height:24px}
.fc-small{font-size:12px;line-height:20px;color:#646a73}.fc-big{font-size:16px;line-height:24px;font-weight:600}
.fc-at{color:#245bdb}
.fc-md-table{border-collapse:collapse;margin:2px 0}.fc-md-table th,.fc-md-table td{border:1px solid #dee0e3;padding:4px 8px}
.fc-md-table th{background:#f5f6f7}
.fc-fields{display:flex;flex-wrap:wrap;gap:4px 0}.fc-fieldcell{flex:1 1 100%}.fc-fieldcell.fc-short{flex:1 1 50%}
.fc-cols{display:flex;align-items:stretch;min-width:0}
.fc-cols.fc-flex-flow{flex-wrap:wrap}
.fc-cols.fc-flex-bisect>.fc-col{flex:1 1 0 !important}.fc-cols.fc-flex-trisect>.fc-col{flex:1 1 0 !important}
.fc-cols-bg{padding:8px;border-radius:8px}
.fc-col{display:flex;flex-direction:column;min-width:0}
.fc-col-bg{border-radius:8px}
.fc-panel{border:1px solid #dee0e3;border-radius:8px}
.fc-panel>summary{display:flex;align-items:center;gap:8px;padding:8px 12px;cursor:pointer;list-style:none;border-radius:8px}
.fc-panel>summary::-webkit-details-marker{display:none}
.fc-panel-title{flex:1}.fc-panel-title p{margin:0}
.fc-panel-arrow{width:8px;height:8px;border-right:2px solid #646a73;border-bottom:2px solid #646a73;transform:rotate(45deg);margin-top:-4px;transition:transform .15s}
.fc-panel[open]>summary .fc-panel-arrow{transform:rotate(-135deg);margin-top:4px}
.fc-panel-body{display:flex;flex-direction:column;gap:8px;padding:4px 12px 12px}
.fc-img-ph svg{flex:0 0 auto}
.fc-img-ph{display:flex;align-items:center;justify-content:center;gap:6px;min-height:96px;background:#f5f6f7;border-radius:8px;color:#8f959e;font-size:13px}
.fc-img-ph.fc-img-inline{display:inline-flex;min-height:0;padding:0 6px}
.fc-persons{display:flex;flex-wrap:wrap;gap:8px}
.fc-person{display:inline-flex;align-items:center;gap:6px}
.fc-avatar{display:inline-flex;align-items:center;justify-content:center;width:22px;height:22px;border-radius:50%;background:#3370ff;color:#fff;font-size:12px}
.fc-container{border:1px solid #dee0e3;border-radius:8px;padding:8px 12px;display:flex;flex-direction:column;gap:8px}
.fc-container[role=button]{cursor:pointer}.fc-container[role=button]:hover{background:#f5f6f7}
.fc-unknown{font-size:12px;color:#8f959e;background:#f5f6f7;border:1px dashed #d0d3d6;border-radius:6px;padding:4px 8px}
.fc-chart{width:100%}.fc-chart-svg{width:100%;height:auto;display:block}
.fc-table{border:1px solid #dee0e3;border-radius:8px;overflow:hidden}
.fc-table-scroll{overflow-x:auto}
.fc-table table{border-collapse:collapse;width:100%;font-size:14px}
.fc-table th,.fc-table td{padding:8px 12px;text-align:left;border-bottom:1px solid #eff0f1;white-space:nowrap;vertical-align:top}
.fc-table th{font-weight:600;color:#1f2329}
.fc-table.fc-th-grey th{background:#f5f6f7}
.fc-table tr:last-child td{border-bottom:0}
.fc-table td.fc-num{text-align:right;font-variant-numeric:tabular-nums}
.fc-table td.fc-empty{text-align:center;color:#8f959e}
.fc-table.fc-freeze th:first-child,.fc-table.fc-freeze td:first-child{position:sticky;left:0;background:#fff;box-shadow:1px 0 0 #eff0f1}
.fc-table.fc-freeze.fc-th-grey th:first-child{background:#f5f6f7}
.fc-pager{display:flex;justify-content:flex-end;gap:4px;padding:8px;border-top:1px solid #eff0f1}
.fc-page-btn{min-width:26px;height:26px;border:1px solid transparent;border-radius:4px;background:none;color:#1f2329;font:inherit;font-size:13px;cursor:pointer}
.fc-page-btn:hover:not(:disabled){background:#f2f3f5}
.fc-page-btn[aria-current=page]{border-color:#3370ff;color:#3370ff}
.fc-page-btn:disabled{color:#bbbfc4;cursor:not-allowed}
.fc-form{display:flex;flex-direction:column;gap:12px;margin:0}
.fc-field{display:flex;flex-direction:column;gap:4px;min-width:0;margin:0;padding:0;border:0}
.fc-field.fc-label-left{flex-direction:row;align-items:center;gap:12px}.fc-label-left>.fc-label{flex:0 0 auto;min-width:72px}
.fc-label{font-size:14px;color:#1f2329;padding:0}
.fc-req{color:#f54a45;margin-left:2px}
.fc-input,.fc-select{font:inherit;font-size:14px;line-height:22px;color:#1f2329;background:#fff;border:1px solid #d0d3d6;border-radius:6px;
  padding:4px 11px;min-height:32px;width:100%;box-sizing:border-box;transition:border-color .15s,box-shadow .15s}
.fc-input::placeholder{color:#8f959e}
.fc-textarea{resize:vertical;min-height:76px}
.fc-input:hover,.fc-select:hover{border-color:#3370ff}
.fc-input:focus,.fc-select:focus{outline:none;border-color:#3370ff;box-shadow:0 0 0 2px rgba(51,112,255,.2)}
.fc-input:disabled,.fc-select:disabled{background:#f5f6f7;color:#8f959e;border-color:#d0d3d6;cursor:not-allowed}
.fc-invalid .fc-input,.fc-invalid .fc-select,.fc-input[aria-invalid=true],.fc-select[aria-invalid=true]{border-color:#f54a45}
.fc-input[aria-invalid=true]:focus,.fc-select[aria-invalid=true]:focus{box-shadow:0 0 0 2px rgba(245,74,69,.2)}
.fc-field-error{color:#f54a45;font-size:12px;line-height:18px}
.fc-select-wrap{position:relative;width:min(100%,300px)}
.fc-select-wrap::after{content:"";position:absolute;right:12px;top:11px;width:6px;height:6px;border-right:1.5px solid #646a73;border-bottom:1.5px solid #646a73;transform:rotate(45deg);pointer-events:none}
.fc-select{appearance:none;-webkit-appearance:none;padding-right:30px;cursor:pointer}
.fc-select:has(option[value=""]:checked){color:#8f959e}.fc-select option{color:#1f2329}
.fc-picker{position:relative;width:min(100%,300px)}
.fc-picker-ph{position:absolute;left:12px;top:50%;transform:translateY(-50%);color:#8f959e;font-size:14px;pointer-events:none;white-space:nowrap;overflow:hidden;max-width:calc(100% - 48px)}
.fc-picker.fc-empty .fc-input:not(:focus){color:transparent}
.fc-picker:not(.fc-empty) .fc-picker-ph,.fc-picker:focus-within .fc-picker-ph{display:none}
.fc-w-fill,.fc-select-wrap.fc-w-fill,.fc-picker.fc-w-fill{width:100%}
.fc-multi .fc-label{margin-bottom:4px}
.fc-chips{display:flex;flex-wrap:wrap;gap:6px}
.fc-chip{position:relative;display:inline-flex}
.fc-chip input{position:absolute;opacity:0;inset:0;margin:0;cursor:pointer}
.fc-chip span{border:1px solid #d0d3d6;border-radius:6px;padding:4px 10px;line-height:20px;font-size:14px;background:#fff;transition:all .15s}
.fc-chip span::before{content:"";display:inline-block;width:12px;height:12px;border:1px solid #bbbfc4;border-radius:3px;margin-right:6px;vertical-align:-1px;background:#fff}
.fc-chip input:checked+span{border-color:#3370ff;color:#245bdb;background:#f0f4ff}
.fc-chip input:checked+span::before{background:#3370ff url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 12 12'%3E%3Cpath d='M2.5 6.2 5 8.5l4.5-5' fill='none' stroke='white' stroke-width='1.6'/%3E%3C/svg%3E") center/10px no-repeat;border-color:#3370ff}
.fc-chip input:focus-visible+span{box-shadow:0 0 0 2px rgba(51,112,255,.35)}
.fc-checker{display:flex;align-items:flex-start;gap:8px;cursor:pointer;position:relative}
.fc-checker input{position:absolute;opacity:0;width:16px;height:16px;margin:3px 0 0;cursor:pointer}
.fc-checker-box{flex:0 0 16px;height:16px;margin-top:3px;border:1px solid #bbbfc4;border-radius:4px;background:#fff;transition:all .15s}
.fc-checker input:checked+.fc-checker-box{background:#3370ff url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 12 12'%3E%3Cpath d='M2.5 6.2 5 8.5l4.5-5' fill='none' stroke='white' stroke-width='1.6'/%3E%3C/svg%3E") center/12px no-repeat;border-color:#3370ff}
.fc-checker input:focus-visible+.fc-checker-box{box-shadow:0 0 0 2px rgba(51,112,255,.35)}
.fc-checker-text p{margin:0}
.fc-btn{font:inherit;font-size:14px;line-height:22px;display:inline-flex;align-items:center;justify-content:center;gap:4px;min-height:32px;padding:4px 11px;
  border-radius:6px;border:1px solid #d0d3d6;background:#fff;color:#1f2329;cursor:pointer;white-space:nowrap;transition:background .15s,border-color .15s,color .15s;box-sizing:border-box}
.fc-btn:hover{background:#f2f3f5}.fc-btn:active{background:#eff0f1}
.fc-btn:focus-visible,.fc-page-btn:focus-visible,.fc-container:focus-visible,.fc-table-scroll:focus-visible,.fc-panel>summary:focus-visible{outline:2px solid #3370ff;outline-offset:2px}
.fc-btn-small{min-height:28px;padding:2px 8px;font-size:13px}.fc-btn-tiny{min-height:24px;padding:0 6px;font-size:12px}.fc-btn-large{min-height:40px;padding:8px 15px}
.fc-btn-primary{border-color:#3370ff;color:#3370ff}.fc-btn-primary:hover{background:#f0f4ff}
.fc-btn-primary_filled{background:#3370ff;border-color:#3370ff;color:#fff}.fc-btn-primary_filled:hover{background:#4e83fd;border-color:#4e83fd}
.fc-btn-primary_filled:active{background:#245bdb}
.fc-btn-danger{border-color:#f54a45;color:#f54a45}.fc-btn-danger:hover{background:#fef1f1}
.fc-btn-danger_filled{background:#f54a45;border-color:#f54a45;color:#fff}.fc-btn-danger_filled:hover{background:#f76964}
.fc-btn-text,.fc-btn-primary_text,.fc-btn-danger_text{border-color:transparent;background:transparent;padding-left:4px;padding-right:4px}
.fc-btn-primary_text{color:#3370ff}.fc-btn-danger_text{color:#f54a45}
.fc-btn-laser{border:0;color:#fff;background:linear-gradient(90deg,#3370ff,#7f3bf5,#f54a45)}
.fc-btn:disabled,.fc-btn:disabled:hover{background:#f2f3f5;border-color:#d0d3d6;color:#bbbfc4;cursor:not-allowed}
.fc-btn-text:disabled,.fc-btn-primary_text:disabled,.fc-btn-danger_text:disabled{background:transparent;border-color:transparent}
.fc-btn.fc-w-fill{width:100%}
.fc-btn-ext{font-size:12px;opacity:.7}
.fc-btn[aria-busy=true]{position:relative;color:transparent !important}
.fc-btn[aria-busy=true]::after{content:"";position:absolute;width:14px;height:14px;border:2px solid #8f959e;border-right-color:transparent;border-radius:50%;animation:fc-spin .7s linear infinite}
@keyframes fc-spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.fc-btn[aria-busy=true]::after{animation-duration:2s}}
`;
}
