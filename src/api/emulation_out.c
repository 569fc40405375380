/*
 * emulation_out.c - the commendations export as XLSX (emulation_out.h).
 */
#include "api/emulation_out.h"
#include "api/xlsx_file.h"
#include "core/timefmt.h"

#include <xlsxwriter.h>

struct export_job {
	const json_t *export;
	int64_t from, to;
};

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Write the sheet row by row (constant memory). */
static int write_export(const char *path, void *arg)
{
	const struct export_job *j = arg;
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb)
		return -1;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Khen thưởng");
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *wrap = workbook_add_format(wb);
	lxw_format *money = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(money, "#,##0");
	static const double widths[] = { 6, 30, 14, 28, 32, 8, 16, 14, 24, 24, 16 };
	for (lxw_col_t c = 0; c < 11; c++)
		worksheet_set_column(ws, c, c, widths[c], NULL);
	char a[11] = "", b[11] = "";
	worksheet_write_string(ws, 0, 0, "DANH SÁCH KHEN THƯỞNG", bold);
	worksheet_write_string(ws, 1, 0, "Đơn vị:", NULL);
	worksheet_write_string(ws, 1, 1, str(j->export, "unit_name"), NULL);
	worksheet_write_string(ws, 2, 0, "Quyết định từ ngày", NULL);
	worksheet_write_string(ws, 2, 1, fmt_dmy(j->from, a) ? a : "", NULL);
	worksheet_write_string(ws, 2, 2, "đến ngày", NULL);
	worksheet_write_string(ws, 2, 3, fmt_dmy(j->to, b) ? b : "", NULL);
	static const char *const head[] = { "STT", "Tên cá nhân, tập thể, hộ gia đình", "Đối tượng", "Đơn vị",
					    "Danh hiệu, hình thức khen thưởng", "Năm", "Số quyết định",
					    "Ngày quyết định", "Người ký", "Căn cứ", "Tiền thưởng (đồng)" };
	lxw_row_t row = 4;
	for (lxw_col_t c = 0; c < 11; c++)
		worksheet_write_string(ws, row, c, head[c], bold);
	size_t i;
	json_t *v;
	int64_t total = 0;
	json_array_foreach(json_object_get(j->export, "rows"), i, v) {
		row++;
		int64_t day = 0, prize = json_integer_value(json_object_get(v, "prize_vnd"));
		char dmy[11] = "";
		if (parse_date(str(v, "decision_date"), &day) == 0 && !fmt_dmy(day, dmy))
			dmy[0] = '\0';
		total += prize;
		worksheet_write_number(ws, row, 0, (double)(i + 1), NULL);
		worksheet_write_string(ws, row, 1, str(v, "recipient_name"), wrap);
		worksheet_write_string(ws, row, 2, str(v, "recipient_label"), NULL);
		worksheet_write_string(ws, row, 3, str(v, "unit_name"), wrap);
		worksheet_write_string(ws, row, 4, str(v, "form_name"), wrap);
		worksheet_write_number(ws, row, 5, (double)json_integer_value(json_object_get(v, "year")), NULL);
		worksheet_write_string(ws, row, 6, str(v, "decision_number"), NULL);
		worksheet_write_string(ws, row, 7, dmy, NULL);
		worksheet_write_string(ws, row, 8, str(v, "decision_issuer"), wrap);
		worksheet_write_string(ws, row, 9, str(v, "decided_basis"), wrap);
		worksheet_write_number(ws, row, 10, (double)prize, money);
	}
	row++;
	worksheet_write_string(ws, row, 0, "Tổng cộng", bold);
	worksheet_write_number(ws, row, 10, (double)total, money);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int emul_commendations_xlsx_bytes(struct arena *a, const json_t *export, int64_t from, int64_t to,
				  const char **data, size_t *len)
{
	struct export_job j = { export, from, to };
	return xlsx_file_bytes(a, write_export, &j, (size_t)64 * 1024 * 1024, data, len);
}
