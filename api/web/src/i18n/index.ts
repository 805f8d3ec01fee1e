import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

const kLocaleKey = 'xingfuli.locale'

export const i18n = createI18n({
  legacy: false,
  locale: localStorage.getItem(kLocaleKey) ?? 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(locale: 'zh-CN' | 'en') {
  i18n.global.locale.value = locale
  localStorage.setItem(kLocaleKey, locale)
  document.documentElement.lang = locale
}
