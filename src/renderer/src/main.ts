import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Tokens, then the shared primitives, before any component's own styles.
import './assets/tokens.css'
import './assets/base.css'
import App from './App.vue'
import { i18n } from './i18n'
import { applyTheme, storedTheme } from './theme'

// Before the first paint: a dark-theme person never sees a flash of light.
applyTheme(storedTheme())

createApp(App).use(createPinia()).use(i18n).mount('#app')
