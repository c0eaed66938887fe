/** CSS for the console shell (sidebar, thread, composer, toasts); card CSS is in card-styles.ts. */
export function consoleStyles(): string {
  return `
*{box-sizing:border-box}
html,body{height:100%;margin:0}
body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;
  color:#1f2329;background:#f5f6f7;-webkit-font-smoothing:antialiased}
button,input,select,textarea{font:inherit}
[hidden]{display:none !important}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
:focus-visible{outline:2px solid #3370ff;outline-offset:2px}
.app{display:flex;height:100vh;height:100dvh}
.side{flex:0 0 272px;display:flex;flex-direction:column;background:#fff;border-right:1px solid #dee0e3;min-height:0}
.brand{display:flex;align-items:center;gap:10px;padding:14px 16px;border-bottom:1px solid #eff0f1}
.logo{flex:0 0 32px;height:32px;border-radius:8px;background:#c8161d;color:#ffd76a;font-weight:700;display:flex;align-items:center;justify-content:center}
.brand-text{flex:1;min-width:0}
.brand-title{font-weight:600;font-size:15px;line-height:20px}
.brand-sub{font-size:12px;color:#8f959e;line-height:18px}
.pick{display:none;position:relative;flex:1;min-width:0}
.pick select{width:100%;appearance:none;-webkit-appearance:none;border:1px solid #d0d3d6;border-radius:6px;background:#fff;padding:5px 28px 5px 10px;color:#1f2329}
.pick::after{content:"";position:absolute;right:11px;top:12px;width:6px;height:6px;border-right:1.5px solid #646a73;border-bottom:1.5px solid #646a73;transform:rotate(45deg);pointer-events:none}
.badge{display:inline-flex;align-items:center;justify-content:center;min-width:18px;height:18px;padding:0 5px;border-radius:9px;background:#f54a45;
  color:#fff;font-size:11px;font-weight:600;line-height:1}
.people{flex:1;overflow-y:auto;padding:8px}
.group+.group{margin-top:8px}
.group-h{font-size:12px;font-weight:500;color:#8f959e;margin:6px 8px 4px}
.people ul{list-style:none;margin:0;padding:0}
.person{display:flex;align-items:center;gap:10px;width:100%;border:0;background:none;border-radius:8px;padding:7px 8px;text-align:left;cursor:pointer;color:inherit}
.person:hover{background:#f2f3f5}
.person[aria-current=true]{background:#e1eaff}
.person-text{flex:1;min-width:0;display:flex;flex-direction:column}
.person-name{font-weight:500;line-height:20px}
.person-roles{font-size:12px;color:#8f959e;line-height:18px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.avatar{flex:0 0 32px;width:32px;height:32px;border-radius:50%;background:#3370ff;color:#fff;display:inline-flex;align-items:center;justify-content:center;
  font-size:12px;font-weight:500;letter-spacing:-.5px}
.avatar-bot{background:#c8161d;color:#ffd76a;font-size:14px;font-weight:700}
.clock{border-top:1px solid #eff0f1;padding:0 16px}
.clock>summary{cursor:pointer;padding:12px 0;font-weight:600;list-style:none;display:flex;align-items:center;gap:6px}
.clock>summary::-webkit-details-marker{display:none}
.clock>summary::after{content:"";margin-left:auto;width:6px;height:6px;border-right:1.5px solid #646a73;border-bottom:1.5px solid #646a73;transform:rotate(-45deg);transition:transform .15s}
.clock[open]>summary::after{transform:rotate(45deg)}
.clock-body{padding-bottom:14px;display:flex;flex-direction:column;gap:8px}
.clock-row{display:flex;gap:8px}
.clock-row label{flex:1;display:flex;flex-direction:column;gap:2px;font-size:12px;color:#646a73;min-width:0}
.clock input{border:1px solid #d0d3d6;border-radius:6px;padding:4px 8px;min-height:32px;color:#1f2329;width:100%;background:#fff}
.clock input:focus{outline:none;border-color:#3370ff;box-shadow:0 0 0 2px rgba(51,112,255,.2)}
.clock-hint{font-size:12px;color:#8f959e;margin:0}
.clock-result{font-size:13px;max-height:160px;overflow:auto}
.clock-result p{margin:0 0 4px}.clock-result ul{margin:0;padding-left:18px}.clock-result li{margin:2px 0}
.muted{color:#8f959e}.error-text{color:#f54a45}
.btn{border:1px solid #d0d3d6;background:#fff;border-radius:6px;min-height:32px;padding:4px 12px;cursor:pointer;color:#1f2329}
.btn:hover{background:#f2f3f5}
.btn-primary{background:#3370ff;border-color:#3370ff;color:#fff}.btn-primary:hover{background:#4e83fd}
.btn:disabled{opacity:.6;cursor:not-allowed}
.main{flex:1;display:flex;flex-direction:column;min-width:0;min-height:0;position:relative}
.topbar{display:flex;align-items:center;gap:10px;padding:10px 20px;background:#fff;border-bottom:1px solid #dee0e3;min-height:56px}
.who{display:flex;align-items:center;gap:10px;min-width:0;flex:1}
.who-text{min-width:0}
.who-name{font-weight:600;font-size:15px;line-height:20px}
.who-roles{font-size:12px;color:#8f959e;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.conn{font-size:12px;color:#8f959e;display:inline-flex;align-items:center;gap:6px;white-space:nowrap}
.conn::before{content:"";width:8px;height:8px;border-radius:50%;background:#bbbfc4}
.conn-ok::before{background:#34c724}.conn-bad::before{background:#ff8800}
.thread{flex:1;overflow-y:auto;padding:16px 20px 24px;display:flex;flex-direction:column;gap:16px;scroll-behavior:smooth}
.empty{margin:auto;text-align:center;color:#8f959e;max-width:320px;line-height:22px}
.msg{display:flex;align-items:flex-start;gap:8px;max-width:100%}
.msg-me{justify-content:flex-end}
.msg-main{display:flex;flex-direction:column;gap:4px;min-width:0;max-width:min(620px,calc(100% - 40px))}
.msg-bot .msg-main{flex:1}
.msg-me .msg-main{align-items:flex-end}
.msg-meta{font-size:12px;color:#8f959e;display:flex;gap:8px;line-height:18px}
.bubble{background:#fff;border:1px solid #dee0e3;border-radius:8px;padding:8px 12px;line-height:22px;word-break:break-word;white-space:normal;max-width:100%;align-self:flex-start}
.msg-me .bubble{background:#cce0ff;border-color:#cce0ff;align-self:flex-end}
.msg-pending .bubble{opacity:.7}
.msg-failed .bubble{border-color:#f54a45}
.msg-failed .msg-main::after{content:"发送失败";font-size:12px;color:#f54a45}
.bubble-file{display:flex;align-items:center;gap:10px}
.file-icon{font-size:24px}.file-name{font-weight:500}
.file-link{font-size:12px;color:#245bdb}.file-note{font-size:12px;color:#646a73}
.msg-card{width:100%}
/* The card view switch (card-view-switch.ts): the same document as Feishu's JSON and as DingTalk's message. */
.cv-switch{display:inline-flex;gap:2px;margin-left:auto}
.cv-switch button{border:0;background:none;color:#8f959e;font-size:12px;line-height:18px;padding:0 6px;border-radius:4px;cursor:pointer}
.cv-switch button[aria-pressed=true]{background:#e1eaff;color:#245bdb}
.cv-pane{background:#fff;border:1px solid #dee0e3;border-radius:8px;padding:10px 12px;max-width:600px;min-width:0}
.cv-note{font-size:12px;color:#646a73;margin:0 0 6px}
.cv-json{margin:0;max-height:420px;overflow:auto;background:#f5f6f7;border-radius:6px;padding:8px;font:12px/18px ui-monospace,Menlo,Consolas,monospace;white-space:pre}
.cv-buttons{margin:0 0 6px;padding-left:18px;font-size:12px;color:#646a73}
.cv-raw>summary{font-size:12px;color:#245bdb;cursor:pointer;margin-top:6px}
.dt-msg{border-left:3px solid #0089ff;padding:2px 0 2px 10px;margin:0 0 8px;line-height:22px;word-break:break-word}
.dt-msg h4{margin:0 0 6px;font-size:16px}.dt-msg p{margin:0 0 8px}.dt-msg ul{margin:0 0 8px;padding-left:18px}
.dt-msg hr{border:0;border-top:1px solid #e5e6eb;margin:8px 0}
.dt-press{color:#0089ff;cursor:default}
.msg-card .fc-card{max-width:600px}
.composer-wrap{background:#fff;border-top:1px solid #dee0e3;padding:8px 16px 12px}
/* One row that scrolls sideways on a phone (never wraps); the fading right edge says there is more. */
.quick{display:flex;flex-wrap:nowrap;gap:6px;overflow-x:auto;overscroll-behavior-x:contain;-webkit-overflow-scrolling:touch;padding-bottom:8px;scrollbar-width:none;
  -webkit-mask-image:linear-gradient(to right,#000 calc(100% - 24px),transparent);mask-image:linear-gradient(to right,#000 calc(100% - 24px),transparent)}
.quick::-webkit-scrollbar{display:none}
.quick button{flex:0 0 auto;white-space:nowrap;border:1px solid #dee0e3;background:#fff;border-radius:14px;padding:2px 12px;font-size:13px;line-height:22px;color:#1f2329;cursor:pointer}
.quick button:hover{background:#f2f3f5;border-color:#d0d3d6}
.composer{display:flex;align-items:flex-end;gap:8px;margin:0}
.icon-btn{flex:0 0 36px;height:36px;border:0;border-radius:8px;background:none;color:#646a73;cursor:pointer;display:flex;align-items:center;justify-content:center}
.icon-btn:hover{background:#f2f3f5;color:#1f2329}
.composer textarea{flex:1;resize:none;border:1px solid #d0d3d6;border-radius:8px;padding:6px 12px;line-height:22px;min-height:36px;max-height:140px;background:#fff;color:#1f2329}
.composer textarea:focus{outline:none;border-color:#3370ff;box-shadow:0 0 0 2px rgba(51,112,255,.2)}
.send{flex:0 0 auto;height:36px;border:0;border-radius:8px;background:#3370ff;color:#fff;padding:0 16px;cursor:pointer;font-weight:500}
.send:hover{background:#4e83fd}
/* Over the chat pane, under its top bar: never over the person picker (the sidebar, or the phone's top row). */
.toasts{position:absolute;top:64px;left:50%;transform:translateX(-50%);display:flex;flex-direction:column;align-items:center;gap:8px;z-index:100;pointer-events:none;width:max-content;max-width:calc(100% - 32px)}
.toast{display:flex;align-items:center;gap:8px;background:#fff;border-radius:8px;padding:9px 16px;box-shadow:0 6px 24px rgba(31,35,41,.16);
  border:1px solid #dee0e3;line-height:22px;animation:toast-in .2s ease-out;pointer-events:auto}
.toast-out{opacity:0;transform:translateY(-6px);transition:all .3s}
.toast-icon{flex:0 0 18px;height:18px;border-radius:50%;color:#fff;font-size:11px;font-weight:700;display:flex;align-items:center;justify-content:center}
.toast-success .toast-icon{background:#34c724}.toast-error .toast-icon{background:#f54a45}
.toast-warning .toast-icon{background:#ff8800}.toast-info .toast-icon{background:#3370ff}
@keyframes toast-in{from{opacity:0;transform:translateY(-8px)}}
@media (prefers-reduced-motion:reduce){.toast,.toast-out{animation:none;transition:none}.thread{scroll-behavior:auto}}
@media (max-width:760px){
  .app{flex-direction:column}
  .side{flex:0 0 auto;border-right:0;border-bottom:1px solid #dee0e3}
  .brand{padding:8px 12px;gap:8px;border-bottom:0}
  .brand-text{display:none}
  .pick{display:block}
  .people{display:none}
  .clock{padding:0 12px}
  .clock>summary{padding:6px 0 8px;font-size:13px}
  .topbar{min-height:0;padding:6px 12px}
  .topbar .avatar,.who-name{display:none}
  .thread{padding:12px 10px 16px;gap:12px}
  .msg .avatar{flex-basis:28px;width:28px;height:28px;font-size:11px}
  .msg-main{max-width:calc(100% - 36px)}
  .msg-me .msg-main{max-width:calc(100% - 72px)}
  .composer-wrap{padding:6px 10px 10px}
  .send{padding:0 12px}
}
@media (min-width:761px){.unread-total{display:none !important}}
`;
}
