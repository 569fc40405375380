/*
 * routes.c - THE route table: every path danvan answers, with its handler
 * and flags (ROUTE_LOGIN needs an officer, ROUTE_ADMIN an administrator,
 * ROUTE_CSRF checks the form token, ROUTE_JSON answers errors as JSON,
 * ROUTE_PRIVATE serves loopback or the metrics token only).
 * The dispatcher in http/router.c answers 404 and 405 from this table.
 */
#include "routes.h"
#include "api/api.h"
#include "http/metrics.h"
#include "http/static.h"
#include "pages.h"
#include "web.h"

#define PAGE ROUTE_HTML
#define FORM (ROUTE_HTML | ROUTE_CSRF)
#define OFFICER (ROUTE_HTML | ROUTE_LOGIN)
#define OFFICER_FORM (ROUTE_HTML | ROUTE_LOGIN | ROUTE_CSRF)
#define ADMIN (ROUTE_HTML | ROUTE_LOGIN | ROUTE_ADMIN)
#define ADMIN_FORM (ROUTE_HTML | ROUTE_LOGIN | ROUTE_ADMIN | ROUTE_CSRF)
#define API ROUTE_JSON
#define API_OFFICER (ROUTE_JSON | ROUTE_LOGIN)

const struct route routes[] = {
	/* public pages */
	{ "GET", "/", page_home, PAGE, 0, "home", NULL },
	{ "GET", "/dang-nhap", page_login_form, PAGE, 0, "login_form", NULL },
	{ "POST", "/dang-nhap", page_login, FORM, 0, "login", NULL },
	{ "POST", "/dang-xuat", page_logout, OFFICER_FORM, 0, "logout", NULL },

	/* feedback: citizens */
	{ "GET", "/phan-anh/gui", page_feedback_form, PAGE, 0, "feedback_form", NULL },
	{ "POST", "/phan-anh/gui", page_feedback_submit, FORM | ROUTE_UPLOAD, 0, "feedback_submit", NULL },
	{ "GET", "/tra-cuu", page_lookup, PAGE, 0, "lookup", NULL },
	{ "GET", "/phan-anh", page_feedback_list, PAGE, 0, "feedback_list", NULL },
	{ "GET", "/phan-anh/{code}", page_feedback_item, PAGE, 0, "feedback_item", NULL },
	{ "POST", "/phan-anh/{code}/danh-gia", page_feedback_rate, FORM, 0, "feedback_rate", NULL },
	{ "GET", "/phan-anh/{code}/tep/{id}", page_feedback_file, PAGE, 0, "feedback_file", NULL },

	/* officer area */
	{ "GET", "/quan-ly", page_officer_home, OFFICER, 0, "officer_home", NULL },
	{ "GET", "/quan-ly/phan-anh", page_inbox, OFFICER, 0, "inbox", NULL },
	{ "GET", "/quan-ly/phan-anh/moi", page_inbox_new_form, OFFICER, 0, "inbox_new_form", NULL },
	{ "POST", "/quan-ly/phan-anh/moi", page_inbox_new, OFFICER_FORM | ROUTE_UPLOAD, 0, "inbox_new", NULL },
	{ "GET", "/quan-ly/phan-anh/{code}", page_case, OFFICER, 0, "case", NULL },
	{ "POST", "/quan-ly/phan-anh/{code}/lien-he", page_case_contact, OFFICER_FORM, 0, "case_contact", NULL },
	{ "POST", "/quan-ly/phan-anh/{code}/thao-tac", page_case_action, OFFICER_FORM | ROUTE_UPLOAD, 0, "case_action", NULL },
	{ "GET", "/quan-ly/tong-hop", page_dashboard, OFFICER, 0, "dashboard", NULL },
	{ "GET", "/quan-ly/don-vi", page_units, OFFICER, 0, "units", NULL },
	{ "POST", "/quan-ly/don-vi", page_unit_create, ADMIN_FORM, 0, "unit_create", NULL },
	{ "GET", "/quan-ly/don-vi/{code}", page_unit, OFFICER, 0, "unit", NULL },
	{ "POST", "/quan-ly/don-vi/{code}/doi-ten", page_unit_rename, ADMIN_FORM, 0, "unit_rename", NULL },
	{ "POST", "/quan-ly/don-vi/{code}/chuyen", page_unit_move, ADMIN_FORM, 0, "unit_move", NULL },
	{ "POST", "/quan-ly/don-vi/{code}/sap-nhap", page_unit_merge, ADMIN_FORM, 0, "unit_merge", NULL },
	{ "POST", "/quan-ly/don-vi/{code}/chia-tach", page_unit_split, ADMIN_FORM, 0, "unit_split", NULL },
	{ "POST", "/quan-ly/don-vi/{code}/giai-the", page_unit_close, ADMIN_FORM, 0, "unit_close", NULL },
	{ "GET", "/quan-ly/tai-khoan", page_accounts, ADMIN, 0, "accounts", NULL },
	{ "POST", "/quan-ly/tai-khoan", page_account_create, ADMIN_FORM, 0, "account_create", NULL },
	{ "GET", "/quan-ly/tai-khoan/{username}", page_account, ADMIN, 0, "account", NULL },
	{ "POST", "/quan-ly/tai-khoan/{username}/giao", page_account_grant, ADMIN_FORM, 0, "account_grant", NULL },
	{ "POST", "/quan-ly/tai-khoan/{username}/thu-hoi", page_account_revoke, ADMIN_FORM, 0, "account_revoke", NULL },
	{ "POST", "/quan-ly/tai-khoan/{username}/mat-khau", page_account_password, ADMIN_FORM, 0, "account_password", NULL },
	{ "POST", "/quan-ly/tai-khoan/{username}/khoa", page_account_disable, ADMIN_FORM, 0, "account_disable", NULL },
	{ "POST", "/quan-ly/tai-khoan/{username}/mo-khoa", page_account_enable, ADMIN_FORM, 0, "account_enable", NULL },
	/* consultations on drafts (page_consultation.c) */
	{ "GET", "/gop-y", page_consultations, PAGE, 0, "consultations", NULL },
	{ "GET", "/gop-y/{id}", page_consultation, PAGE, 0, "consultation", NULL },
	{ "POST", "/gop-y/{id}/y-kien", page_consultation_comment, FORM, 0, "consultation_comment", NULL },
	{ "GET", "/gop-y/{id}/bao-cao", page_consultation_report, PAGE, 0, "consultation_report", NULL },
	{ "GET", "/gop-y/{id}/so-sanh", page_consultation_diff, PAGE, 0, "consultation_diff", NULL },
	{ "GET", "/quan-ly/gop-y", page_officer_consultations, OFFICER, 0, "officer_consultations", NULL },
	{ "POST", "/quan-ly/gop-y", page_officer_consultation_create, OFFICER_FORM, 0, "officer_consultation_create", NULL },
	{ "GET", "/quan-ly/gop-y/{id}", page_officer_consultation, OFFICER, 0, "officer_consultation", NULL },
	{ "POST", "/quan-ly/gop-y/{id}/thao-tac", page_officer_consultation_action, OFFICER_FORM, 0, "officer_consultation_action", NULL },

	/* emulation and commendation (page_emulation.c) */
	{ "GET", "/thi-dua", page_movements, PAGE, 0, "movements", NULL },
	{ "GET", "/mo-hinh", page_models, PAGE, 0, "models", NULL },
	{ "GET", "/mo-hinh/{id}", page_model, PAGE, 0, "model", NULL },
	{ "POST", "/mo-hinh/{id}/thao-tac", page_model_action, OFFICER_FORM, 0, "model_action", NULL },
	{ "GET", "/vinh-danh", page_honours, PAGE, 0, "honours", NULL },
	/* emulation: evidence files and "Ngày hội" events */
	{ "POST", "/mo-hinh/{id}/minh-chung", page_model_attach, OFFICER_FORM | ROUTE_UPLOAD, 0, "model_attach", NULL },
	{ "GET", "/mo-hinh/{id}/tep/{fid}", page_model_file, PAGE, 0, "model_file", NULL },
	{ "GET", "/ngay-hoi", page_emul_events, PAGE, 0, "emul_events", NULL },
	{ "GET", "/ngay-hoi/{id}", page_emul_event, PAGE, 0, "emul_event", NULL },
	{ "POST", "/ngay-hoi/{id}/mo-hinh", page_emul_event_attach, OFFICER_FORM, 0, "emul_event_attach", NULL },
	{ "GET", "/quan-ly/ngay-hoi", page_officer_emul_events, OFFICER, 0, "officer_emul_events", NULL },
	{ "POST", "/quan-ly/ngay-hoi", page_officer_emul_event_create, OFFICER_FORM, 0, "officer_emul_event_create", NULL },
	{ "GET", "/xac-minh/{code}", page_certificate, PAGE, 0, "certificate", NULL },
	{ "GET", "/quan-ly/thi-dua", page_officer_movements, OFFICER, 0, "officer_movements", NULL },
	{ "POST", "/quan-ly/thi-dua", page_officer_movement_create, OFFICER_FORM, 0, "officer_movement_create", NULL },
	{ "POST", "/quan-ly/thi-dua/mo-hinh", page_officer_model_create, OFFICER_FORM, 0, "officer_model_create", NULL },
	{ "POST", "/quan-ly/thi-dua/{id}/hoi-dong", page_officer_council_add, OFFICER_FORM, 0, "officer_council_add", NULL },
	{ "GET", "/quan-ly/khen-thuong", page_officer_commendations, OFFICER, 0, "officer_commendations", NULL },
	{ "POST", "/quan-ly/khen-thuong", page_officer_commendation_create, OFFICER_FORM, 0, "officer_commendation_create", NULL },
	{ "POST", "/quan-ly/khen-thuong/hinh-thuc", page_officer_form_add, OFFICER_FORM, 0, "officer_form_add", NULL },
	{ "POST", "/quan-ly/khen-thuong/luong-co-so", page_officer_salary_add, OFFICER_FORM, 0, "officer_salary_add", NULL },
	{ "GET", "/quan-ly/khen-thuong/{id}", page_officer_commendation, OFFICER, 0, "officer_commendation", NULL },
	{ "POST", "/quan-ly/khen-thuong/{id}/thao-tac", page_officer_commendation_action, OFFICER_FORM, 0, "officer_commendation_action", NULL },
	{ "GET", "/quan-ly/xuat-khen-thuong", page_officer_commendations_xlsx, OFFICER, 0, "officer_commendations_xlsx", NULL },
	/* reports */
	{ "GET", "/quan-ly/bao-cao", page_report, OFFICER, 0, "report", NULL },
	{ "GET", "/quan-ly/bao-cao/ho-so", page_report_records, OFFICER, 0, "report_records", NULL },
	{ "POST", "/quan-ly/bao-cao/luu", page_report_save, OFFICER_FORM, 0, "report_save", NULL },
	{ "GET", "/quan-ly/bao-cao/da-luu/{id}", page_report_saved, OFFICER, 0, "report_saved", NULL },
	/* meetings (page_meeting.c) */
	{ "GET", "/hoi-nghi", page_meetings, PAGE, 0, "meetings", NULL },
	{ "GET", "/hoi-nghi/{id}", page_meeting, PAGE, 0, "meeting", NULL },
	{ "GET", "/quan-ly/hoi-nghi", page_officer_meetings, OFFICER, 0, "officer_meetings", NULL },
	{ "POST", "/quan-ly/hoi-nghi", page_meeting_create, OFFICER_FORM, 0, "meeting_create", NULL },
	{ "GET", "/quan-ly/hoi-nghi/{id}", page_officer_meeting, OFFICER, 0, "officer_meeting", NULL },
	{ "POST", "/quan-ly/hoi-nghi/{id}/thao-tac", page_meeting_action, OFFICER_FORM, 0, "meeting_action", NULL },
	{ "POST", "/quan-ly/hoi-nghi/{id}/kien-nghi-mot", page_meeting_petition, OFFICER_FORM, 0, "meeting_petition", NULL },
	{ "POST", "/quan-ly/hoi-nghi/{id}/kien-nghi", page_meeting_batch, OFFICER_FORM | ROUTE_UPLOAD, 0, "meeting_batch", NULL },
	{ "POST", "/quan-ly/hoi-nghi/{id}/bien-ban", page_meeting_attach, OFFICER_FORM | ROUTE_UPLOAD, 0, "meeting_attach", NULL },
	{ "GET", "/hoi-nghi/{id}/tep/{fid}", page_meeting_file, PAGE, 0, "meeting_file", NULL },

	/* JSON API */
	{ "GET", "/api/v1/units", api_units, API, 0, "api_units", NULL },
	{ "GET", "/api/v1/categories", api_categories, API, 0, "api_categories", NULL },
	{ "POST", "/api/v1/feedback", api_feedback_create, API, 0, "api_feedback_create", NULL },
	{ "GET", "/api/v1/feedback", api_feedback_list, API, 0, "api_feedback_list", NULL },
	{ "GET", "/api/v1/feedback/{code}", api_feedback_get, API, 0, "api_feedback_get", NULL },
	{ "POST", "/api/v1/feedback/{code}/rating", api_feedback_rate, API, 0, "api_feedback_rate", NULL },
	{ "POST", "/api/v1/feedback/{code}/events", api_feedback_event, API_OFFICER, 0, "api_feedback_event", NULL },
	{ "POST", "/api/v1/tokens", api_tokens_create, API, 0, "api_tokens_create", NULL },
	{ "DELETE", "/api/v1/tokens/current", api_tokens_delete, API_OFFICER, 0, "api_tokens_delete", NULL },
	{ "GET", "/api/v1/calendar/due", api_calendar_due, API, 0, "api_calendar_due", NULL },
	{ "GET", "/api/v1/calendar/{year}", api_calendar_year, API, 0, "api_calendar_year", NULL },
	/* consultations on drafts (api/consultation.c) */
	{ "POST", "/api/v1/consultations", api_consultations_create, API_OFFICER, 0, "api_consultations_create", NULL },
	{ "GET", "/api/v1/consultations", api_consultations_list, API, 0, "api_consultations_list", NULL },
	{ "GET", "/api/v1/consultations/{id}", api_consultations_get, API, 0, "api_consultations_get", NULL },
	{ "GET", "/api/v1/consultations/{id}/diff", api_consultations_diff, API, 0, "api_consultations_diff", NULL },
	{ "POST", "/api/v1/consultations/{id}/comments", api_consultations_comment, API, 0, "api_consultations_comment", NULL },
	{ "POST", "/api/v1/consultations/{id}/versions", api_consultations_version, API_OFFICER, 0, "api_consultations_version", NULL },
	{ "POST", "/api/v1/consultations/{id}/comments/{cid}/reply", api_consultations_reply, API_OFFICER, 0, "api_consultations_reply", NULL },
	{ "POST", "/api/v1/consultations/{id}/comments/{cid}/hide", api_consultations_hide, API_OFFICER, 0, "api_consultations_hide", NULL },
	{ "POST", "/api/v1/consultations/{id}/comments/{cid}/group", api_consultations_group, API_OFFICER, 0, "api_consultations_group", NULL },
	{ "GET", "/api/v1/consultations/{id}/comments/{cid}/contact", api_consultations_contact, API_OFFICER, 0, "api_consultations_contact", NULL },
	{ "POST", "/api/v1/consultations/{id}/events", api_consultations_event, API_OFFICER, 0, "api_consultations_event", NULL },
	{ "GET", "/api/v1/consultations/{id}/report", api_consultations_report, API, 0, "api_consultations_report", NULL },
	{ "GET", "/api/v1/consultations/{id}/report.xlsx", api_consultations_report_xlsx, API, 0, "api_consultations_report_xlsx", NULL },

	/* citizen reception (api/reception.c, page_reception.c) */
	{ "GET", "/api/v1/reception/slots", api_reception_slots, API, 0, "api_reception_slots", NULL },
	{ "POST", "/api/v1/reception/bookings", api_reception_book, API, 0, "api_reception_book", NULL },
	{ "GET", "/api/v1/reception/bookings", api_reception_bookings, API_OFFICER, 0, "api_reception_bookings", NULL },
	{ "GET", "/api/v1/reception/bookings/{code}", api_reception_booking, API, 0, "api_reception_booking", NULL },
	{ "POST", "/api/v1/reception/bookings/{code}/cancel", api_reception_cancel, API, 0, "api_reception_cancel", NULL },
	{ "POST", "/api/v1/reception/bookings/{code}/events", api_reception_event, API_OFFICER, 0, "api_reception_event", NULL },
	{ "GET", "/api/v1/reception/bookings/{code}/contact", api_reception_contact, API_OFFICER, 0, "api_reception_contact", NULL },
	{ "POST", "/api/v1/reception/bookings/{code}/petitions", api_reception_petition, API_OFFICER, 0, "api_reception_petition", NULL },
	{ "GET", "/api/v1/reception/rules", api_reception_rules, API_OFFICER, 0, "api_reception_rules", NULL },
	{ "POST", "/api/v1/reception/rules", api_reception_rule_create, API_OFFICER, 0, "api_reception_rule_create", NULL },
	{ "POST", "/api/v1/reception/rules/{id}/generate", api_reception_generate, API_OFFICER, 0, "api_reception_generate", NULL },
	{ "GET", "/api/v1/reception/summary", api_reception_summary, API_OFFICER, 0, "api_reception_summary", NULL },
	{ "GET", "/tiep-cong-dan", page_reception, PAGE, 0, "reception", NULL },
	{ "POST", "/tiep-cong-dan", page_reception_book, FORM, 0, "reception_book", NULL },
	{ "GET", "/tiep-cong-dan/tra-cuu", page_reception_lookup, PAGE, 0, "reception_lookup", NULL },
	{ "POST", "/tiep-cong-dan/huy", page_reception_cancel, FORM, 0, "reception_cancel", NULL },
	{ "GET", "/quan-ly/tiep-cong-dan", page_reception_officer, OFFICER, 0, "reception_officer", NULL },
	{ "POST", "/quan-ly/tiep-cong-dan/quy-tac", page_reception_rule_create, ADMIN_FORM, 0, "reception_rule_create", NULL },
	{ "POST", "/quan-ly/tiep-cong-dan/quy-tac/{id}/tao-lich", page_reception_generate, ADMIN_FORM, 0, "reception_generate", NULL },
	{ "GET", "/quan-ly/tiep-cong-dan/{code}", page_reception_booking, OFFICER, 0, "reception_booking", NULL },
	{ "POST", "/quan-ly/tiep-cong-dan/{code}/thao-tac", page_reception_action, OFFICER_FORM, 0, "reception_action", NULL },
	{ "POST", "/quan-ly/tiep-cong-dan/{code}/lien-he", page_reception_contact, OFFICER_FORM, 0, "reception_contact", NULL },
	{ "POST", "/quan-ly/tiep-cong-dan/{code}/kien-nghi", page_reception_petition, OFFICER_FORM, 0, "reception_petition", NULL },

	/* news and search across kinds */
	{ "GET", "/tin-tuc", page_news_list, PAGE, 0, "news_list", NULL },
	{ "GET", "/tin-tuc/rss.xml", page_news_rss, PAGE, 0, "news_rss", NULL },
	{ "GET", "/tin-tuc/the/{tag}", page_news_tag, PAGE, 0, "news_tag", NULL },
	{ "GET", "/tin-tuc/the/{tag}/rss.xml", page_news_tag_rss, PAGE, 0, "news_tag_rss", NULL },
	{ "GET", "/tin-tuc/anh/{id}", page_news_image, PAGE, 0, "news_image", NULL },
	{ "GET", "/tin-tuc/{slug}", page_news_article, PAGE, 0, "news_article", NULL },
	{ "GET", "/sitemap.xml", page_sitemap, PAGE, 0, "sitemap", NULL },
	{ "GET", "/tim-kiem", page_search, PAGE, 0, "search", NULL },
	{ "GET", "/quan-ly/tin-tuc", page_officer_news, OFFICER, 0, "officer_news", NULL },
	{ "POST", "/quan-ly/tin-tuc", page_officer_news_create, OFFICER_FORM, 0, "officer_news_create", NULL },
	{ "GET", "/quan-ly/tin-tuc/{slug}", page_officer_article, OFFICER, 0, "officer_article", NULL },
	{ "POST", "/quan-ly/tin-tuc/{slug}/thao-tac", page_officer_article_action, OFFICER_FORM, 0, "officer_article_action", NULL },
	{ "POST", "/quan-ly/tin-tuc/{slug}/anh", page_officer_article_image, OFFICER_FORM | ROUTE_UPLOAD, 0, "officer_article_image", NULL },
	{ "POST", "/api/v1/articles", api_article_create, API_OFFICER, 0, "api_article_create", NULL },
	{ "GET", "/api/v1/articles", api_article_list, API, 0, "api_article_list", NULL },
	{ "GET", "/api/v1/articles/{slug}", api_article_get, API, 0, "api_article_get", NULL },
	{ "POST", "/api/v1/articles/{slug}/events", api_article_event, API_OFFICER, 0, "api_article_event", NULL },
	{ "GET", "/api/v1/search", api_search, API, 0, "api_search", NULL },
	/* emulation and commendation (api/emulation.c) */
	{ "GET", "/api/v1/emulation/forms", api_emul_forms, API, 0, "api_emul_forms", NULL },
	{ "POST", "/api/v1/emulation/forms", api_emul_form_add, API_OFFICER, 0, "api_emul_form_add", NULL },
	{ "GET", "/api/v1/emulation/base-salaries", api_emul_salaries, API, 0, "api_emul_salaries", NULL },
	{ "POST", "/api/v1/emulation/base-salaries", api_emul_salary_add, API_OFFICER, 0, "api_emul_salary_add", NULL },
	{ "GET", "/api/v1/movements", api_movements, API, 0, "api_movements", NULL },
	{ "POST", "/api/v1/movements", api_movement_create, API_OFFICER, 0, "api_movement_create", NULL },
	{ "GET", "/api/v1/movements/{id}", api_movement_get, API, 0, "api_movement_get", NULL },
	{ "POST", "/api/v1/movements/{id}/council", api_movement_council, API_OFFICER, 0, "api_movement_council", NULL },
	{ "GET", "/api/v1/models", api_models, API, 0, "api_models", NULL },
	{ "POST", "/api/v1/models", api_model_create, API_OFFICER, 0, "api_model_create", NULL },
	{ "GET", "/api/v1/models/{id}", api_model_get, API, 0, "api_model_get", NULL },
	{ "POST", "/api/v1/models/{id}/events", api_model_event, API_OFFICER, 0, "api_model_event", NULL },
	{ "GET", "/api/v1/commendations", api_commendations, API, 0, "api_commendations", NULL },
	{ "POST", "/api/v1/commendations", api_commendation_create, API_OFFICER, 0, "api_commendation_create", NULL },
	{ "GET", "/api/v1/commendations/{id}", api_commendation_get, API, 0, "api_commendation_get", NULL },
	{ "POST", "/api/v1/commendations/{id}/events", api_commendation_event, API_OFFICER, 0, "api_commendation_event", NULL },
	{ "GET", "/api/v1/certificates/{code}", api_certificate, API, 0, "api_certificate", NULL },
	{ "GET", "/api/v1/honours", api_honours, API, 0, "api_honours", NULL },
	{ "GET", "/api/v1/commendations.xlsx", api_commendations_xlsx, API_OFFICER, 0, "api_commendations_xlsx", NULL },
	/* emulation: "Ngày hội" events */
	{ "GET", "/api/v1/emulation/events", api_emul_events, API, 0, "api_emul_events", NULL },
	{ "POST", "/api/v1/emulation/events", api_emul_event_create, API_OFFICER, 0, "api_emul_event_create", NULL },
	{ "GET", "/api/v1/emulation/events/{id}", api_emul_event_get, API, 0, "api_emul_event_get", NULL },
	{ "POST", "/api/v1/emulation/events/{id}/models", api_emul_event_attach, API_OFFICER, 0, "api_emul_event_attach", NULL },
	/* reports */
	{ "GET", "/api/v1/reports/summary", api_reports_summary, API_OFFICER, 0, "api_reports_summary", NULL },
	{ "GET", "/api/v1/reports/summary.xlsx", api_reports_summary_xlsx, API_OFFICER, 0, "api_reports_xlsx", NULL },
	{ "GET", "/api/v1/reports/records", api_reports_records, API_OFFICER, 0, "api_reports_records", NULL },
	{ "POST", "/api/v1/reports/saved", api_reports_save, API_OFFICER, 0, "api_reports_save", NULL },
	{ "GET", "/api/v1/reports/saved/{id}", api_reports_saved, API_OFFICER, 0, "api_reports_saved", NULL },
	/* meetings (api/meeting.c) */
	{ "POST", "/api/v1/meetings", api_meeting_create, API_OFFICER, 0, "api_meeting_create", NULL },
	{ "GET", "/api/v1/meetings", api_meeting_list, API, 0, "api_meeting_list", NULL },
	{ "GET", "/api/v1/meetings.ics", api_meeting_ics, API, 0, "api_meeting_ics", NULL },
	{ "GET", "/api/v1/meetings/{id}", api_meeting_get, API, 0, "api_meeting_get", NULL },
	{ "POST", "/api/v1/meetings/{id}/events", api_meeting_event, API_OFFICER, 0, "api_meeting_event", NULL },
	{ "POST", "/api/v1/meetings/{id}/petitions", api_meeting_petition, API_OFFICER, 0, "api_meeting_petition", NULL },

	/* operations */
	{ "GET", "/healthz", api_healthz, API | ROUTE_NOLOG, 0, "healthz", NULL },
	{ "GET", "/metrics", metrics_serve, ROUTE_NOLOG | ROUTE_PRIVATE, 0, "metrics", NULL },
	{ "GET", "/static/{path*}", static_serve, ROUTE_HTML, 0, "static", NULL },
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
