import { createApp } from 'vue'
// Element Plus components are imported where they are used, so each screen loads only its own;
// its style sheet is one file, cached for a year like every hashed asset.
import 'element-plus/dist/index.css'
import './style.css'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { outbox } from './lib/outbox'

createApp(App).use(router).use(i18n).mount('#app')

// Offline use: the service worker keeps the application's files; the outbox sends what was
// recorded without a connection as soon as there is one.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // plain http on a non-local address: no offline files, the rest works
  })
}
window.addEventListener('online', () => void outbox().sync())
void outbox().sync()
setInterval(() => {
  if (navigator.onLine) void outbox().sync()
}, 30000)
