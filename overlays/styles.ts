/**
 * The overlay's own CSS, scoped to its shadow root. `:host { all: initial !important }` with
 * `!important` on every host property is what keeps a hostile page stylesheet out
 * (see /work/shared/notes/testing-in-chromium.md §7); inside, plain rules are enough.
 */
export const CSS = `
:host{all:initial!important;display:block!important}
*{box-sizing:border-box}
.wrap{position:fixed;z-index:2147483647;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a202c}
.modal,.fullscreen{inset:0;display:flex;align-items:center;justify-content:center;background:rgba(15,23,42,.55)}
.banner{top:0;left:0;right:0}
.slide_in{right:16px;bottom:16px;width:min(360px,calc(100vw - 32px));animation:in .25s ease-out}
@keyframes in{from{transform:translateY(24px);opacity:0}}
.card{position:relative;background:#fff;border-radius:12px;padding:24px;box-shadow:0 10px 40px rgba(0,0,0,.25);max-height:100vh;overflow:auto}
.modal .card{width:min(440px,calc(100vw - 32px))}
.fullscreen .card{width:100vw;height:100vh;border-radius:0;display:flex;flex-direction:column;justify-content:center;align-items:center;text-align:center;padding:48px 24px}
.banner .card{border-radius:0;padding:12px 56px 12px 16px;display:flex;flex-wrap:wrap;align-items:center;gap:4px 16px;background:#2b6cb0;color:#fff}
.banner h2,.banner .body{margin:0}
.banner .btns{margin:0}
h2{margin:0 0 8px;font-size:19px;line-height:1.3}
.body{margin:0 0 16px}
.body a{color:inherit}
.img{display:block;max-width:100%;border-radius:8px;margin-bottom:12px}
.btns{display:flex;flex-wrap:wrap;gap:8px}
.scale{display:flex;gap:4px}
button{font:inherit;cursor:pointer;border-radius:8px;border:1px solid #2b6cb0;padding:8px 16px;background:#fff;color:#2b6cb0}
button.primary{background:#2b6cb0;color:#fff}
.banner button.primary{background:#fff;color:#2b6cb0;border-color:#fff}
button:focus-visible{outline:3px solid #f6ad55;outline-offset:2px}
.x{position:absolute;top:6px;right:6px;border:0;background:none;color:inherit;font-size:22px;line-height:1;padding:6px 10px}
.scale button{flex:1;min-width:0;padding:6px 0}
.ends{display:flex;justify-content:space-between;font-size:12px;color:#4a5568;margin-top:4px}
textarea{font:inherit;width:100%;min-height:72px;margin-bottom:8px;padding:8px;border:1px solid #a0aec0;border-radius:8px}
`;
