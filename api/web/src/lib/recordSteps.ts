// The steps a page takes on the record it shows: each posted with the version the page read
// (If-Match) under one idempotency key until it succeeds; the record as it now stands replaces
// the page's, and a refusal is shown by the field it names.
import type { Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { newIdempotencyKey, request } from './api'
import { useServerErrors } from './serverErrors'
import { i18n } from '@/i18n'

export function useRecordSteps<T>(base: string, record: Ref<T | null>, etag: Ref<string | undefined>) {
  const errors = useServerErrors()
  let key = newIdempotencyKey()
  async function act(step: string, body: unknown, fields: string[]): Promise<boolean> {
    try {
      const reply = await request<T>(`${base}/${step}`, { body, ifMatch: etag.value, idempotencyKey: key })
      record.value = reply.data
      etag.value = reply.etag
      key = newIdempotencyKey()
      errors.clear()
      ElMessage.success(i18n.global.t('common.saved'))
      return true
    } catch (e) {
      errors.show(e, fields)
      return false
    }
  }
  return { errors, act }
}
