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
/* citizen reception (page_reception.c) */
int page_reception(struct request *req);              /* GET  /tiep-cong-dan */
int page_reception_book(struct request *req);         /* POST /tiep-cong-dan: the receipt */
int page_reception_lookup(struct request *req);       /* GET  /tiep-cong-dan/tra-cuu */
int page_reception_cancel(struct request *req);       /* POST /tiep-cong-dan/huy */
int page_reception_officer(struct request *req);      /* GET  /quan-ly/tiep-cong-dan */
int page_reception_rule_create(struct request *req);  /* POST /quan-ly/tiep-cong-dan/quy-tac */
int page_reception_generate(struct request *req);     /* POST /quan-ly/tiep-cong-dan/quy-tac/{id}/tao-lich */
int page_reception_booking(struct request *req);      /* GET  /quan-ly/tiep-cong-dan/{code} */
int page_reception_action(struct request *req);       /* POST /quan-ly/tiep-cong-dan/{code}/thao-tac */
int page_reception_contact(struct request *req);      /* POST /quan-ly/tiep-cong-dan/{code}/lien-he */
int page_reception_petition(struct request *req);     /* POST /quan-ly/tiep-cong-dan/{code}/kien-nghi */

/* consultations on drafts (page_consultation.c) */
int page_consultations(struct request *req);                 /* GET  /gop-y */
int page_consultation(struct request *req);                  /* GET  /gop-y/{id} */
int page_consultation_comment(struct request *req);          /* POST /gop-y/{id}/y-kien */
int page_consultation_report(struct request *req);           /* GET  /gop-y/{id}/bao-cao */
int page_consultation_diff(struct request *req);             /* GET  /gop-y/{id}/so-sanh */
int page_officer_consultations(struct request *req);         /* GET  /quan-ly/gop-y */
int page_officer_consultation_create(struct request *req);   /* POST /quan-ly/gop-y */
int page_officer_consultation(struct request *req);          /* GET  /quan-ly/gop-y/{id} */
int page_officer_consultation_action(struct request *req);   /* POST /quan-ly/gop-y/{id}/thao-tac */
/* news (page_news.c) and search across kinds (page_search.c) */
int page_news_list(struct request *req);        /* GET  /tin-tuc */
int page_news_tag(struct request *req);         /* GET  /tin-tuc/the/{tag} */
int page_news_article(struct request *req);     /* GET  /tin-tuc/{slug} */
int page_news_rss(struct request *req);         /* GET  /tin-tuc/rss.xml */
int page_news_tag_rss(struct request *req);     /* GET  /tin-tuc/the/{tag}/rss.xml */
int page_news_image(struct request *req);       /* GET  /tin-tuc/anh/{id} */
int page_sitemap(struct request *req);          /* GET  /sitemap.xml */
int page_officer_news(struct request *req);     /* GET  /quan-ly/tin-tuc */
int page_officer_news_create(struct request *req); /* POST /quan-ly/tin-tuc */
int page_officer_article(struct request *req);  /* GET  /quan-ly/tin-tuc/{slug} */
int page_officer_article_action(struct request *req); /* POST /quan-ly/tin-tuc/{slug}/thao-tac */
int page_officer_article_image(struct request *req);  /* POST /quan-ly/tin-tuc/{slug}/anh */
int page_search(struct request *req);           /* GET  /tim-kiem */

/* emulation and commendation (page_emulation.c) */
int page_movements(struct request *req);                   /* GET  /thi-dua */
int page_models(struct request *req);                      /* GET  /mo-hinh */
int page_model(struct request *req);                       /* GET  /mo-hinh/{id} */
int page_model_action(struct request *req);                /* POST /mo-hinh/{id}/thao-tac */
int page_honours(struct request *req);                     /* GET  /vinh-danh */
int page_certificate(struct request *req);                 /* GET  /xac-minh/{code} */
/* emulation: evidence files and "Ngày hội" events (page_emulation.c) */
int page_model_attach(struct request *req);                /* POST /mo-hinh/{id}/minh-chung */
int page_model_file(struct request *req);                  /* GET  /mo-hinh/{id}/tep/{fid} */
int page_emul_events(struct request *req);                 /* GET  /ngay-hoi */
int page_emul_event(struct request *req);                  /* GET  /ngay-hoi/{id} */
int page_emul_event_attach(struct request *req);           /* POST /ngay-hoi/{id}/mo-hinh */
int page_officer_emul_events(struct request *req);         /* GET  /quan-ly/ngay-hoi */
int page_officer_emul_event_create(struct request *req);   /* POST /quan-ly/ngay-hoi */
int page_officer_movements(struct request *req);           /* GET  /quan-ly/thi-dua */
int page_officer_movement_create(struct request *req);     /* POST /quan-ly/thi-dua */
int page_officer_model_create(struct request *req);        /* POST /quan-ly/thi-dua/mo-hinh */
int page_officer_council_add(struct request *req);         /* POST /quan-ly/thi-dua/{id}/hoi-dong */
int page_officer_commendations(struct request *req);       /* GET  /quan-ly/khen-thuong */
int page_officer_commendation_create(struct request *req); /* POST /quan-ly/khen-thuong */
int page_officer_form_add(struct request *req);            /* POST /quan-ly/khen-thuong/hinh-thuc */
int page_officer_salary_add(struct request *req);          /* POST /quan-ly/khen-thuong/luong-co-so */
int page_officer_commendation(struct request *req);        /* GET  /quan-ly/khen-thuong/{id} */
int page_officer_commendation_action(struct request *req); /* POST /quan-ly/khen-thuong/{id}/thao-tac */
int page_officer_commendations_xlsx(struct request *req);  /* GET  /quan-ly/xuat-khen-thuong */

/* reports (page_report.c) */
int page_report(struct request *req);           /* GET  /quan-ly/bao-cao */
int page_report_records(struct request *req);   /* GET  /quan-ly/bao-cao/ho-so */
int page_report_save(struct request *req);      /* POST /quan-ly/bao-cao/luu */
int page_report_saved(struct request *req);     /* GET  /quan-ly/bao-cao/da-luu/{id} */

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
