// Server refusals shown where the user can act on them: a 4xx naming a field next to that
// field, a conflict with its current version, a 403 as "outside your region", the rest on top.
import { reactive, ref } from 'vue'
import { ApiError } from './api'
import { i18n } from '@/i18n'

export function useServerErrors() {
  const fields = reactive<Record<string, string>>({})
  const general = ref('')
  const conflict = ref(false)

  function clear() {
    for (const k of Object.keys(fields)) delete fields[k]
    general.value = ''
    conflict.value = false
  }

  // `known`: the fields the form shows; another field's error goes on top, naming it.
  function show(error: unknown, known: string[] = []) {
    clear()
    const t = i18n.global.t
    if (!(error instanceof ApiError)) {
      general.value = t('errors.generic', { message: String(error) })
      return
    }
    if (error.offline) {
      general.value = t('errors.network')
    } else if (error.status === 409) {
      conflict.value = true
      general.value = t('common.conflict', { version: error.currentVersion ?? '?' })
    } else if (error.status === 403) {
      general.value = t('common.outOfRegion')
    } else if (error.field && known.includes(error.field)) {
      fields[error.field] = error.message
    } else {
      general.value = error.field ? `${error.field}: ${error.message}` : error.message
    }
  }

  return { fields, general, conflict, clear, show }
}
