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
