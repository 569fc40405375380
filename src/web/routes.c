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

	/* emulation and commendation (page_emulation.c) */
	{ "GET", "/thi-dua", page_movements, PAGE, 0, "movements", NULL },
	{ "GET", "/mo-hinh", page_models, PAGE, 0, "models", NULL },
	{ "GET", "/mo-hinh/{id}", page_model, PAGE, 0, "model", NULL },
	{ "POST", "/mo-hinh/{id}/thao-tac", page_model_action, OFFICER_FORM, 0, "model_action", NULL },
	{ "GET", "/vinh-danh", page_honours, PAGE, 0, "honours", NULL },
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

	/* operations */
	{ "GET", "/healthz", api_healthz, API | ROUTE_NOLOG, 0, "healthz", NULL },
	{ "GET", "/metrics", metrics_serve, ROUTE_NOLOG | ROUTE_PRIVATE, 0, "metrics", NULL },
	{ "GET", "/static/{path*}", static_serve, ROUTE_HTML, 0, "static", NULL },
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
