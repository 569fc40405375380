/*
 * pages.h - the HTML page handlers, listed in web/routes.c. What pages
 * share with each other and with the API is in the view modules
 * (web/view.h, web/view_feedback.h), never here: api/ may not include
 * this header (scripts/checksrc).
 */
#ifndef DANVAN_PAGES_H
#define DANVAN_PAGES_H

#include "http/request.h"

int page_home(struct request *req);
int page_login_form(struct request *req);
int page_login(struct request *req);
int page_logout(struct request *req);
int page_officer_home(struct request *req);

int page_units(struct request *req);
int page_unit_create(struct request *req);
int page_unit(struct request *req);
int page_unit_rename(struct request *req);
int page_unit_move(struct request *req);
int page_unit_merge(struct request *req);
int page_unit_split(struct request *req);
int page_unit_close(struct request *req);

int page_accounts(struct request *req);
int page_account_create(struct request *req);
int page_account(struct request *req);
int page_account_grant(struct request *req);
int page_account_revoke(struct request *req);
int page_account_password(struct request *req);
int page_account_disable(struct request *req);
int page_account_enable(struct request *req);

/* citizens (page_feedback.c) */
int page_feedback_form(struct request *req);    /* GET  /phan-anh/gui */
int page_feedback_submit(struct request *req);  /* POST /phan-anh/gui: the receipt */
int page_lookup(struct request *req);           /* GET  /tra-cuu */
int page_feedback_list(struct request *req);    /* GET  /phan-anh */
int page_feedback_item(struct request *req);    /* GET  /phan-anh/{code} */
int page_feedback_rate(struct request *req);    /* POST /phan-anh/{code}/danh-gia */
int page_feedback_file(struct request *req);    /* GET  /phan-anh/{code}/tep/{id} */

/* officers (page_inbox.c) */
int page_inbox(struct request *req);            /* GET  /quan-ly/phan-anh */
int page_inbox_new_form(struct request *req);   /* GET  /quan-ly/phan-anh/moi */
int page_inbox_new(struct request *req);        /* POST /quan-ly/phan-anh/moi */
int page_case(struct request *req);             /* GET  /quan-ly/phan-anh/{code} */
int page_case_contact(struct request *req);     /* POST /quan-ly/phan-anh/{code}/lien-he */
int page_case_action(struct request *req);      /* POST /quan-ly/phan-anh/{code}/thao-tac */
int page_dashboard(struct request *req);        /* GET  /quan-ly/tong-hop */

/* meetings (page_meeting.c) */
int page_meetings(struct request *req);         /* GET  /hoi-nghi */
int page_meeting(struct request *req);          /* GET  /hoi-nghi/{id} */
int page_officer_meetings(struct request *req); /* GET  /quan-ly/hoi-nghi */
int page_meeting_create(struct request *req);   /* POST /quan-ly/hoi-nghi */
int page_officer_meeting(struct request *req);  /* GET  /quan-ly/hoi-nghi/{id} */
int page_meeting_action(struct request *req);   /* POST /quan-ly/hoi-nghi/{id}/thao-tac */
int page_meeting_petition(struct request *req); /* POST /quan-ly/hoi-nghi/{id}/kien-nghi-mot */
int page_meeting_batch(struct request *req);    /* POST /quan-ly/hoi-nghi/{id}/kien-nghi */
int page_meeting_attach(struct request *req);   /* POST /quan-ly/hoi-nghi/{id}/bien-ban */
int page_meeting_file(struct request *req);     /* GET  /hoi-nghi/{id}/tep/{fid} */

#endif
