/**
 * CSS for cards drawn by src/cards/render-console.ts from a card document, with a chat card's phone
 * look: white card, thin border, 8px radius, light shadow, a header band tinted by the card's
 * colour, 14px/22px body text, 32px controls with 6px radius, buttons styled by what they mean.
 */
const TEMPLATES: Record<string, [string, string]> = {
  blue: ['#e1eaff', '#f0f4ff'], wathet: ['#d9f3fd', '#eefaff'], turquoise: ['#d5f6f2', '#ecfbf8'], green: ['#d9f5d6', '#eefaec'],
  yellow: ['#faf1d1', '#fdf9e8'], orange: ['#feead2', '#fff5ea'], red: ['#fde2e2', '#fff0f0'], carmine: ['#fddded', '#fff0f7'],
  violet: ['#f8def8', '#fcf0fc'], purple: ['#ece2fe', '#f6f1ff'], indigo: ['#e0e4fb', '#f0f2fd'], grey: ['#eff0f1', '#f7f8f8'],
  default: ['#ffffff', '#ffffff'],
};

export function cardStyles(): string {
  const templates = Object.entries(TEMPLATES)
    .map(([k, [a, b]]) => `.fc-t-${k}{background:linear-gradient(90deg,${a},${b})}`).join('\n');
  return `
.fc-card{background:#fff;border:1px solid #dee0e3;border-radius:8px;box-shadow:0 2px 8px rgba(31,35,41,.06);overflow:hidden;
  width:100%;max-width:600px;color:#1f2329;font-size:14px;line-height:22px;text-align:left;word-break:break-word}
.fc-header{padding:12px 12px 10px}
${templates}
.fc-header.fc-t-default{border-bottom:1px solid #eff0f1}
.fc-title{font-size:16px;line-height:24px;font-weight:600;color:#1f2329;min-width:0}
.fc-subtitle{font-size:14px;line-height:22px;color:#646a73;margin-top:2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.fc-body{display:flex;flex-direction:column;align-items:stretch;gap:8px;padding:12px}
.fc-body>.fc-btn,.fc-col>.fc-btn,.fc-form>.fc-btn{align-self:flex-start}
.fc-rich{white-space:pre-wrap}
.fc-tone-red{color:#d83931}.fc-tone-orange{color:#de7802}.fc-tone-green{color:#2ea121}.fc-tone-grey{color:#646a73}
.fc-hr{border:0;border-top:1px solid #dee0e3;margin:4px 0;width:100%}
.fc-small{font-size:12px;line-height:20px;color:#646a73}.fc-big{font-size:16px;line-height:24px;font-weight:600}
.fc-buttons{display:flex;flex-wrap:wrap;gap:8px}
.fc-cols{display:flex;align-items:stretch;gap:8px;min-width:0}
.fc-cols-bg{padding:8px;border-radius:8px;background:#f5f6f7}
.fc-col{display:flex;flex-direction:column;justify-content:flex-start;gap:8px;min-width:0}
.fc-unknown{font-size:12px;color:#8f959e;background:#f5f6f7;border:1px dashed #d0d3d6;border-radius:6px;padding:4px 8px}
.fc-chart{width:100%}.fc-chart-svg{width:100%;height:auto;display:block}
.fc-table{border:1px solid #dee0e3;border-radius:8px;overflow:hidden}
.fc-table-scroll{overflow-x:auto}
.fc-table table{border-collapse:collapse;width:100%;font-size:14px}
.fc-table th,.fc-table td{padding:8px 12px;text-align:left;border-bottom:1px solid #eff0f1;white-space:nowrap;vertical-align:top}
.fc-table .fc-rich{white-space:pre}
.fc-table thead th{font-weight:600;color:#1f2329;background:#f5f6f7}
.fc-table th.fc-key{font-weight:500;background:#fff}
.fc-table tr:last-child>*{border-bottom:0}
.fc-table .fc-num{text-align:right;font-variant-numeric:tabular-nums}
.fc-table td.fc-empty{text-align:center;color:#8f959e}
.fc-table.fc-freeze tr>:first-child{position:sticky;left:0;box-shadow:1px 0 0 #eff0f1}
.fc-table.fc-freeze tbody tr>:first-child{background:#fff}
.fc-pager{display:flex;justify-content:flex-end;gap:4px;padding:8px;border-top:1px solid #eff0f1}
.fc-page-btn{min-width:26px;height:26px;border:1px solid transparent;border-radius:4px;background:none;color:#1f2329;font:inherit;font-size:13px;cursor:pointer}
.fc-page-btn:hover:not(:disabled){background:#f2f3f5}
.fc-page-btn[aria-current=page]{border-color:#3370ff;color:#3370ff}
.fc-page-btn:disabled{color:#bbbfc4;cursor:not-allowed}
.fc-form{display:flex;flex-direction:column;gap:12px;margin:0}
.fc-label-line{margin-bottom:-8px}
.fc-label-line .fc-field-error{font-weight:400}
.fc-field{display:flex;flex-direction:column;gap:4px;min-width:0;margin:0;padding:0;border:0}
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
.fc-multi .fc-label{margin-bottom:4px}
.fc-invalid.fc-multi .fc-chip span{border-color:#f54a45}
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
.fc-btn{font:inherit;font-size:14px;line-height:22px;display:inline-flex;align-items:center;justify-content:center;gap:4px;min-height:32px;padding:4px 11px;
  border-radius:6px;border:1px solid #d0d3d6;background:#fff;color:#1f2329;cursor:pointer;white-space:nowrap;transition:background .15s,border-color .15s,color .15s;box-sizing:border-box}
.fc-btn:hover{background:#f2f3f5}.fc-btn:active{background:#eff0f1}
.fc-btn:focus-visible,.fc-page-btn:focus-visible,.fc-table-scroll:focus-visible{outline:2px solid #3370ff;outline-offset:2px}
.fc-btn-primary{border-color:#3370ff;color:#3370ff}.fc-btn-primary:hover{background:#f0f4ff}
.fc-btn-strong{background:#3370ff;border-color:#3370ff;color:#fff}.fc-btn-strong:hover{background:#4e83fd;border-color:#4e83fd}
.fc-btn-strong:active{background:#245bdb}
.fc-btn-danger{border-color:#f54a45;color:#f54a45}.fc-btn-danger:hover{background:#fef1f1}
.fc-btn-strong-danger{background:#f54a45;border-color:#f54a45;color:#fff}.fc-btn-strong-danger:hover{background:#f76964}
.fc-btn:disabled,.fc-btn:disabled:hover{background:#f2f3f5;border-color:#d0d3d6;color:#bbbfc4;cursor:not-allowed}
.fc-btn[aria-busy=true]{position:relative;color:transparent !important}
.fc-btn[aria-busy=true]::after{content:"";position:absolute;width:14px;height:14px;border:2px solid #8f959e;border-right-color:transparent;border-radius:50%;animation:fc-spin .7s linear infinite}
@keyframes fc-spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.fc-btn[aria-busy=true]::after{animation-duration:2s}}
`;
}
