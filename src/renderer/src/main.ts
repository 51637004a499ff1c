import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Tokens, then the shared primitives, before any component's own styles.
import './assets/tokens.css'
import './assets/base.css'
import App from './App.vue'
import { i18n, initialLocale, loadCatalogue } from './i18n'
import { applyTheme, storedTheme } from './theme'

// Before the first paint: a dark-theme person never sees a flash of light.
applyTheme(storedTheme())

// The first words on screen are in the person's language: its catalogue (only that one) comes first.
const mount = () => createApp(App).use(createPinia()).use(i18n).mount('#app')
loadCatalogue(initialLocale()).then(mount, mount)
