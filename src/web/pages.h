/*
 * pages.h - the HTML page handlers, listed in web/routes.c.
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

#endif
