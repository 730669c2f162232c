#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include "CCurlShim.h"

CURLcode channelops_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode channelops_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode channelops_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode channelops_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode channelops_curl_setopt_callback(CURL *handle, CURLoption option, channelops_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

CURLcode channelops_curl_setopt_progress(CURL *handle, channelops_curl_progress_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

CURLcode channelops_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode channelops_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

struct channelops_curl_share {
    CURLSH *handle;
    /* One mutex per curl_lock_data value below CURL_LOCK_DATA_LAST. */
    pthread_mutex_t mutexes[CURL_LOCK_DATA_LAST];
};

static void channelops_share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *context) {
    (void)handle;
    (void)access;
    struct channelops_curl_share *share = context;
    if (data >= 0 && data < CURL_LOCK_DATA_LAST) {
        pthread_mutex_lock(&share->mutexes[data]);
    }
}

static void channelops_share_unlock(CURL *handle, curl_lock_data data, void *context) {
    (void)handle;
    struct channelops_curl_share *share = context;
    if (data >= 0 && data < CURL_LOCK_DATA_LAST) {
        pthread_mutex_unlock(&share->mutexes[data]);
    }
}

static void channelops_share_free(struct channelops_curl_share *share, int initialized_mutexes) {
    for (int index = 0; index < initialized_mutexes; index++) {
        pthread_mutex_destroy(&share->mutexes[index]);
    }
    free(share);
}

channelops_curl_share *channelops_curl_share_create(const char **failed_call) {
    struct channelops_curl_share *share = calloc(1, sizeof(struct channelops_curl_share));
    if (share == NULL) {
        *failed_call = "calloc";
        return NULL;
    }
    for (int index = 0; index < CURL_LOCK_DATA_LAST; index++) {
        if (pthread_mutex_init(&share->mutexes[index], NULL) != 0) {
            channelops_share_free(share, index);
            *failed_call = "pthread_mutex_init";
            return NULL;
        }
    }
    share->handle = curl_share_init();
    if (share->handle == NULL) {
        channelops_share_free(share, CURL_LOCK_DATA_LAST);
        *failed_call = "curl_share_init";
        return NULL;
    }
    if (curl_share_setopt(share->handle, CURLSHOPT_USERDATA, share) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_LOCKFUNC, channelops_share_lock) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_UNLOCKFUNC, channelops_share_unlock) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK
        || curl_share_setopt(share->handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
        curl_share_cleanup(share->handle);
        channelops_share_free(share, CURL_LOCK_DATA_LAST);
        *failed_call = "curl_share_setopt";
        return NULL;
    }
    return share;
}

CURLSH *channelops_curl_share_handle(channelops_curl_share *share) {
    return share->handle;
}

CURLSHcode channelops_curl_share_destroy(channelops_curl_share *share) {
    CURLSHcode code = curl_share_cleanup(share->handle);
    if (code == CURLSHE_OK) {
        channelops_share_free(share, CURL_LOCK_DATA_LAST);
    }
    return code;
}
