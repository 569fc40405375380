/*
 * result.c - the table of outcomes (app/result.h): HTTP status, API code
 * and Vietnamese sentence of each, and the field-errors container.
 */
#include "app/result.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"

static const struct app_result_info table[APP_RC_COUNT] = {
	/* indexed by -rc */
	{APP_OK, 200, NULL, "Đã thực hiện."},
	{APP_ERROR, 500, "internal", "Đã có lỗi xảy ra, vui lòng thử lại sau."},
	{APP_NOT_FOUND, 404, "not_found", "Không tìm thấy nội dung bạn yêu cầu."},
	{APP_FORBIDDEN, 403, "forbidden", "Bạn không có quyền thực hiện thao tác này."},
	{APP_INVALID_TRANSITION, 409, "invalid_transition",
	 "Không thể thực hiện thao tác này ở trạng thái hiện tại."},
	{APP_VALIDATION, 422, "validation_failed", "Vui lòng kiểm tra lại các thông tin đã nhập."},
	{APP_CONFLICT, 409, "conflict", "Thao tác này đã được thực hiện trước đó."},
	{APP_TOO_LARGE, 413, "too_large", "Tệp quá lớn: mỗi tệp tối đa 10 MB."},
	{APP_UNSUPPORTED, 415, "unsupported_media_type", "Chỉ nhận ảnh JPEG, PNG, WebP, GIF hoặc tệp PDF."},
	{APP_BUSY, 503, "unavailable", "Hệ thống đang bận, vui lòng thử lại sau ít phút."},
	{APP_CLOSED, 409, "closed", "Nội dung này đã đóng, không thể thay đổi."},
	{APP_PAGE_RANGE, 422, "page_out_of_range",
	 "Trang này nằm ngoài danh sách; vui lòng thu hẹp bộ lọc."},
	{APP_UNAUTHENTICATED, 401, "unauthenticated", "Tên đăng nhập hoặc mật khẩu không đúng."},
	{APP_RATE_LIMITED, 429, "rate_limited", "Bạn đã thử quá nhiều lần, vui lòng thử lại sau."},
	{APP_FULL, 409, "full", "Đã hết chỗ, vui lòng chọn buổi khác."},
	{APP_UNANSWERED, 409, "unanswered_comments", "Còn ý kiến chưa được trả lời (tiếp thu, giải trình)."},
};

const struct app_result_info *app_result(int rc)
{
	if (rc > 0 || rc <= -APP_RC_COUNT)
		return &table[-APP_ERROR];
	return &table[-rc];
}

void app_errors_clear(struct app_errors *e)
{
	if (e)
		e->n = 0;
}

const char *app_errors_get(const struct app_errors *e, const char *field)
{
	for (size_t i = 0; e && i < e->n; i++)
		if (!strcmp(e->items[i].field, field))
			return e->items[i].message;
	return NULL;
}

void app_errors_add(struct app_errors *e, const char *field, const char *message)
{
	if (!e || app_errors_get(e, field) || e->n == APP_MAX_ERRORS)
		return;
	e->items[e->n].field = field;
	e->items[e->n].message = message;
	e->n++;
}

void app_errors_addf(struct app_errors *e, struct arena *a, const char *field, const char *fmt, ...)
{
	if (!e || !a || app_errors_get(e, field) || e->n == APP_MAX_ERRORS)
		return;
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int len = vsnprintf(NULL, 0, fmt, ap);
	char *m = len < 0 ? NULL : arena_alloc(a, (size_t)len + 1);
	if (m)
		vsnprintf(m, (size_t)len + 1, fmt, ap2);
	va_end(ap2);
	va_end(ap);
	const char *f = arena_strdup(a, field);
	if (f && m)
		app_errors_add(e, f, m);
}
