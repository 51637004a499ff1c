import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Tokens, then the shared primitives, before any component's own styles.
import './assets/tokens.css'
import './assets/base.css'
import App from './App.vue'

createApp(App).use(createPinia()).mount('#app')
