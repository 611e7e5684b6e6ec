import json, os, base64, shutil
from urllib.parse import quote
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')
shutil.rmtree(OUT, ignore_errors=True); os.makedirs(OUT)
def U(n): return '00000000-0000-4000-8000-%012d' % n
SP='iglu:com.snowplowanalytics.snowplow'
CTX0=SP+'/contexts/jsonschema/1-0-0'; CTX1=SP+'/contexts/jsonschema/1-0-1'; UE=SP+'/unstruct_event/jsonschema/1-0-0'
PD4=SP+'/payload_data/jsonschema/1-0-4'; PD0=SP+'/payload_data/jsonschema/1-0-0'
ATOMIC=SP+'/atomic/jsonschema/1-0-0'
BR='iglu:com.snowplowanalytics.snowplow.badrows/'
SV=BR+'schema_violations/jsonschema/2-0-1'; EF=BR+'enrichment_failures/jsonschema/2-0-1'
TPV=BR+'tracker_protocol_violations/jsonschema/1-0-1'; AF=BR+'adapter_failures/jsonschema/1-0-0'
CPF=BR+'collector_payload_format_violation/jsonschema/1-0-0'; SZ=BR+'size_violation/jsonschema/1-0-0'
NOW='2023-11-14T22:13:22Z'
PROC={'artifact':'sleet'}
WEB_PAGE={'schema':SP+'/web_page/jsonschema/1-0-0','data':{'id':'a5a8d1b0-1234-4bcd-9abc-0123456789ab'}}
def cj(o): return json.dumps(o, separators=(',',':'), ensure_ascii=False)
def ctxcol(*ents): return '{"schema":"%s","data":[%s]}' % (CTX1, ','.join(ents))
def ent(schema, data_text): return '{"schema":"%s","data":%s}' % (schema, data_text)
def uecol(schema, data_text): return '{"schema":"%s","data":%s}' % (UE, ent(schema, data_text))
def qs(pairs): return '&'.join(quote(k,safe='')+'='+quote(v,safe='') for k,v in pairs)
def base(n=1, platform='web', **kw):
    d={'platform':platform,'etl_tstamp':'2023-11-14 22:13:21.000','collector_tstamp':'2023-11-14 22:13:20.123',
       'event_id':U(n),'v_collector':'ssc-3.2.0-kinesis','v_etl':'${V_ETL}','user_ipaddress':'203.0.113.7',
       'derived_tstamp':'2023-11-14 22:13:20.123'}
    d.update(kw); return {k:v for k,v in d.items() if v is not None}
PV=dict(event='page_view',event_vendor=SP[5:],event_name='page_view',event_format='jsonschema',event_version='1-0-0')
PP=dict(event='page_ping',event_vendor=SP[5:],event_name='page_ping',event_format='jsonschema',event_version='1-0-0')
def UEF(vendor,name,ver='1-0-0'): return dict(event='unstruct',event_vendor=vendor,event_name=name,event_format='jsonschema',event_version=ver)
def case(name, desc, expected, payload=None, **extra):
    d=os.path.join(OUT,name); os.makedirs(d)
    inp={'description':desc}
    if payload is not None: inp['payload']=payload
    inp.update(extra)
    json.dump(inp, open(os.path.join(d,'input.json'),'w'), indent=2, ensure_ascii=False)
    json.dump(expected, open(os.path.join(d,'expected.json'),'w'), indent=2, ensure_ascii=False)
def good(*events): return {'good':list(events),'bad':[]}
def bad(*rows): return {'good':[],'bad':list(rows)}
def atomic(*reports): return {'schemaKey':ATOMIC,'error':{'error':'ValidationError','dataReports':[{'message':m,'path':p,'keyword':k,'targets':[]} for (p,m,k) in reports]}}
def pe(p,m): return (p,m,'atomic_field_parse_error')

# ---- event types (tp1) ----
case('tp1-page-view','tp1 page view with every web parameter group',
 good(base(**PV, app_id='shop', name_tracker='sp', v_tracker='js-3.0.0', user_id='alice', user_fingerprint='4048966212',
   domain_userid='d-1', domain_sessionidx='3', domain_sessionid='a5a8d1b0-1234-4bcd-9abc-0123456789ab',
   dvce_created_tstamp='2023-11-14 22:13:19.000', dvce_sent_tstamp='2023-11-14 22:13:19.500',
   derived_tstamp='2023-11-14 22:13:19.623',
   page_url='https://www.example.com/a/b?x=1&y=%20z#top', page_title='Hello World', page_referrer='http://search.example.org/q?q=x',
   page_urlscheme='https', page_urlhost='www.example.com', page_urlport='443', page_urlpath='/a/b', page_urlquery='x=1&y=%20z', page_urlfragment='top',
   refr_urlscheme='http', refr_urlhost='search.example.org', refr_urlport='80', refr_urlpath='/q', refr_urlquery='q=x',
   br_lang='en-GB', br_features_pdf='1', br_features_flash='0', br_features_java='0', br_features_director='0', br_features_quicktime='1',
   br_features_realplayer='0', br_features_windowsmedia='0', br_features_gears='0', br_features_silverlight='0', br_cookies='1',
   br_colordepth='24', br_viewwidth='1280', br_viewheight='720', os_timezone='Europe/London', dvce_screenwidth='1920', dvce_screenheight='1080',
   doc_charset='UTF-8', doc_width='1280', doc_height='3000', useragent='Mozilla/5.0 (test)')),
 {'userAgent':'Mozilla/5.0 (test)','params':[('e','pv'),('aid','shop'),('p','web'),('tna','sp'),('tv','js-3.0.0'),('uid','alice'),('fp','4048966212'),
   ('duid','d-1'),('vid','3'),('sid','A5A8D1B0-1234-4BCD-9ABC-0123456789AB'),('dtm','1699999999000'),('stm','1699999999500'),
   ('url','https://www.example.com/a/b?x=1&y=%20z#top'),('page','Hello World'),('refr','http://search.example.org/q?q=x'),('lang','en-GB'),
   ('f_pdf','1'),('f_fla','0'),('f_java','0'),('f_dir','0'),('f_qt','1'),('f_realp','0'),('f_wma','0'),('f_gears','0'),('f_ag','0'),('cookie','1'),
   ('cd','24'),('vp','1280x720'),('tz','Europe/London'),('res','1920x1080'),('cs','UTF-8'),('ds','1280x3000')]})

case('tp1-page-ping','tp1 page ping offsets and viewport',
 good(base(**PP, pp_xoffset_min='0', pp_xoffset_max='100', pp_yoffset_min='-5', pp_yoffset_max='2147483647', br_viewwidth='800', br_viewheight='600')),
 {'params':[('e','pp'),('p','web'),('pp_mix','0'),('pp_max','100'),('pp_miy','-5'),('pp_may','2147483647'),('vp','800x600')]})

case('tp1-struct-event','struct event: com.google.analytics/event, BigDecimal se_value in scientific form below 1E-6',
 good(base(event='struct',event_vendor='com.google.analytics',event_name='event',event_format='jsonschema',event_version='1-0-0',
   se_category='shop',se_action='add',se_label='sku-1',se_property='red',se_value='1E-7')),
 {'params':[('e','se'),('p','web'),('se_ca','shop'),('se_ac','add'),('se_la','sku-1'),('se_pr','red'),('se_va','0.0000001')]})

case('tp1-struct-legacy-ev','legacy e=ev with ev_* parameters; negative-scale decimal rescaled',
 good(base(event='struct',event_vendor='com.google.analytics',event_name='event',event_format='jsonschema',event_version='1-0-0',
   se_category='c',se_action='a',se_label='l',se_property='p',se_value='1500')),
 {'params':[('e','ev'),('p','web'),('ev_ca','c'),('ev_ac','a'),('ev_la','l'),('ev_pr','p'),('ev_va','1.5e3')]})

case('tp1-transaction','transaction: decimals keep their scale, tid int',
 good(base(event='transaction',event_vendor=SP[5:],event_name='transaction',event_format='jsonschema',event_version='1-0-0',
   txn_id='42',tr_orderid='o-1',tr_affiliation='web',tr_total='12.50',tr_tax='1000',tr_shipping='0.0',tr_city='Leeds',tr_state='WY',tr_country='GB',tr_currency='GBP')),
 {'params':[('e','tr'),('p','web'),('tid','0042'),('tr_id','o-1'),('tr_af','web'),('tr_tt','12.50'),('tr_tx','1e3'),('tr_sh','-0.0'),('tr_ci','Leeds'),('tr_st','WY'),('tr_co','GB'),('tr_cu','GBP')]})

case('tp1-transaction-item','transaction item: ti_na alias, quantity int, price decimal',
 good(base(event='transaction_item',event_vendor=SP[5:],event_name='transaction_item',event_format='jsonschema',event_version='1-0-0',
   ti_orderid='o-1',ti_sku='sku',ti_name='Red hat',ti_category='hats',ti_price='+3.10'.lstrip('+'),ti_quantity='2',ti_currency='EUR')),
 {'params':[('e','ti'),('p','web'),('ti_id','o-1'),('ti_sk','sku'),('ti_na','Red hat'),('ti_ca','hats'),('ti_pr','+3.10'),('ti_qu','+2'),('ti_cu','EUR')]})

LINK={'schema':'iglu:com.acme/link_click/jsonschema/1-0-0','data':{'targetUrl':'https://x.test/','elementId':'b1'}}
case('tp1-unstruct-ue-pr','self-describing event from plain ue_pr JSON',
 good(base(**UEF('com.acme','link_click'), unstruct_event=uecol('iglu:com.acme/link_click/jsonschema/1-0-0','{"targetUrl":"https://x.test/","elementId":"b1"}'))),
 {'params':[('e','ue'),('p','web'),('ue_pr',cj({'schema':UE,'data':LINK}))]})

b64=base64.b64encode(cj({'schema':UE,'data':LINK}).encode()).decode()
case('tp1-unstruct-ue-px-padded','ue_px standard base64 with padding',
 good(base(**UEF('com.acme','link_click'), unstruct_event=uecol('iglu:com.acme/link_click/jsonschema/1-0-0','{"targetUrl":"https://x.test/","elementId":"b1"}'))),
 {'params':[('e','ue'),('p','web'),('ue_px',b64)]})
b64u=base64.urlsafe_b64encode(cj({'schema':UE,'data':LINK}).encode()).decode().rstrip('=')
case('tp1-unstruct-ue-px-url-unpadded','ue_px base64url without padding',
 good(base(**UEF('com.acme','link_click'), unstruct_event=uecol('iglu:com.acme/link_click/jsonschema/1-0-0','{"targetUrl":"https://x.test/","elementId":"b1"}'))),
 {'params':[('e','ue'),('p','web'),('ue_px',b64u)]})

# contexts & number lexemes
co_text='{"schema":"%s","data":[%s,{"schema":"iglu:com.acme/product/jsonschema/1-0-0","data":{"sku":"x","price":1.50,"qty":1e3,"neg":-0,"big":12345678901234567890,"nested":{"a":[1.0,2E+2]}}}]}' % (CTX0, cj(WEB_PAGE))
case('contexts-co-lexemes','co with contexts/1-0-0 wrapper re-emitted as 1-0-1, number lexemes kept byte for byte',
 good(base(**PV, contexts=ctxcol(cj(WEB_PAGE), ent('iglu:com.acme/product/jsonschema/1-0-0','{"sku":"x","price":1.50,"qty":1e3,"neg":-0,"big":12345678901234567890,"nested":{"a":[1.0,2E+2]}}')))),
 {'params':[('e','pv'),('p','web'),('co',co_text)]})
cx=base64.urlsafe_b64encode(cj({'schema':CTX1,'data':[WEB_PAGE]}).encode()).decode().rstrip('=')
case('contexts-cx-base64url','cx base64url contexts',
 good(base(**PV, contexts=ctxcol(cj(WEB_PAGE)))),
 {'params':[('e','pv'),('p','web'),('cx',cx)]})
case('contexts-unicode-escapes','strings re-serialised compactly: \\u escapes become raw UTF-8, control chars escaped',
 good(base(**PV, contexts=ctxcol(ent('iglu:com.acme/product/jsonschema/1-0-0','{"sku":"é\\n\\"/"}')))),
 {'params':[('e','pv'),('p','web'),('co','{ "schema" : "%s", "data" : [ { "schema":"iglu:com.acme/product/jsonschema/1-0-0", "data": {"sku":"\\u00e9\\n\\"\\/"} } ] }' % CTX1)]})
case('contexts-superseded','superseded entity schema rewritten; validation_info appended to derived_contexts',
 good(base(**PV, contexts=ctxcol(ent('iglu:com.acme/old/jsonschema/1-0-1','{"a":1}')),
   derived_contexts=ctxcol(ent('iglu:com.snowplowanalytics.iglu/validation_info/jsonschema/1-0-0','{"originalSchema":"iglu:com.acme/old/jsonschema/1-0-0","validatedWith":"1-0-1"}')))),
 {'params':[('e','pv'),('p','web'),('co',cj({'schema':CTX1,'data':[{'schema':'iglu:com.acme/old/jsonschema/1-0-0','data':{'a':1}}]}))]})

# ---- tp2 ----
EV1={'e':'pv','p':'web','tv':'js-4.0.0','aid':'body','url':'http://a.test/'}
EV2={'e':'pp','p':'web','tv':'js-4.0.0','pp_mix':'1','pp_max':'2','pp_miy':'3','pp_may':'4'}
PVA=dict(PV, page_url='http://a.test/', page_urlscheme='http', page_urlhost='a.test', page_urlport='80', page_urlpath='/')
case('tp2-get','GET /com.snowplowanalytics.snowplow/tp2 reads the querystring',
 good(base(**PV, v_tracker='t')), {'path':'/com.snowplowanalytics.snowplow/tp2','params':[('e','pv'),('p','web'),('tv','t')]})
case('tp2-post-batch','POST payload_data 1-0-4 with two events; querystring parameters win over body ones',
 good(base(1,**PVA, v_tracker='js-4.0.0', app_id='qs'), base(2,**PP, v_tracker='js-4.0.0', app_id='qs', pp_xoffset_min='1',pp_xoffset_max='2',pp_yoffset_min='3',pp_yoffset_max='4')),
 {'path':'/com.snowplowanalytics.snowplow/tp2','querystring':'aid=qs','contentType':'application/json; charset=UTF-8','bodyJson':{'schema':PD4,'data':[EV1,EV2]}})
case('tp2-post-payload-data-1-0-0','payload_data 1-0-0 (extra keys allowed), content type application/json; charset=utf-8',
 good(base(**PV, v_tracker='t')),
 {'path':'/com.snowplowanalytics.snowplow/tp2','contentType':'application/json; charset=utf-8','bodyJson':{'schema':PD0,'data':[{'e':'pv','p':'web','tv':'t','custom':'x'}]}})
case('tp2-post-application-json','content type application/json accepted',
 good(base(**PV, v_tracker='t')),
 {'path':'/com.snowplowanalytics.snowplow/tp2','contentType':'application/json','bodyJson':{'schema':PD4,'data':[{'e':'pv','p':'web','tv':'t'}]}})
def tpv(messages, version='tp2', vendor='com.snowplowanalytics.snowplow'):
    return {'schema':TPV,'data':{'processor':PROC,'failure':{'timestamp':NOW,'vendor':vendor,'version':version,'messages':messages},
            'payload':{'vendor':vendor,'version':version,'collector':'ssc-3.2.0-kinesis','encoding':'UTF-8','timestamp':'2023-11-14T22:13:20.123Z','ipAddress':'203.0.113.7'}}}
CTEXP='expected one of application/json, application/json; charset=utf-8, application/json; charset=UTF-8'
case('tp2-content-type-without-space','application/json;charset=UTF-8 (no space) is rejected: exact match',
 bad(tpv([{'field':'contentType','value':'application/json;charset=UTF-8','expectation':CTEXP}])),
 {'path':'/com.snowplowanalytics.snowplow/tp2','contentType':'application/json;charset=UTF-8','bodyJson':{'schema':PD4,'data':[{'e':'pv','p':'web','tv':'t'}]}})
case('tp2-body-without-content-type','body without content type',
 bad(tpv([{'field':'contentType','value':None,'expectation':CTEXP}])),
 {'path':'/com.snowplowanalytics.snowplow/tp2','bodyJson':{'schema':PD4,'data':[{'e':'pv','p':'web','tv':'t'}]}})
case('tp2-content-type-without-body','content type without body',
 bad(tpv([{'field':'body','value':None,'expectation':'empty body: not a valid track protocol event'}])),
 {'path':'/com.snowplowanalytics.snowplow/tp2','querystring':'e=pv','contentType':'application/json'})
case('tp2-empty','no body and no querystring: two violations',
 bad(tpv([{'field':'body','value':None,'expectation':'empty body: not a valid tracker protocol event'},{'field':'querystring','value':None,'expectation':'empty querystring: not a valid tracker protocol event'}])),
 {'path':'/com.snowplowanalytics.snowplow/tp2','querystring':''})
case('tp2-unknown-key-1-0-4','payload_data 1-0-4 forbids unknown keys: IgluError on the whole payload',
 bad(tpv([{'schemaKey':PD4,'error':{'error':'ValidationError'}}])),
 {'path':'/com.snowplowanalytics.snowplow/tp2','contentType':'application/json','bodyJson':{'schema':PD4,'data':[{'e':'pv','p':'web','tv':'t','custom':'x'}]}})
case('tp2-body-not-json','body that is not JSON: NotJson',
 bad(tpv([{'field':'body','value':'{not json'}])),
 {'path':'/com.snowplowanalytics.snowplow/tp2','contentType':'application/json','body':'{not json'})
case('tp2-body-not-self-describing','body without schema: NotIglu INVALID_DATA_PAYLOAD',
 bad(tpv([{'json':[{'e':'pv'}],'error':'INVALID_DATA_PAYLOAD'}])),
 {'path':'/com.snowplowanalytics.snowplow/tp2','contentType':'application/json','bodyJson':[{'e':'pv'}]})
case('tp2-criterion-mismatch','body with another schema: CriterionMismatch',
 bad(tpv([{'schemaKey':'iglu:com.acme/anything/jsonschema/1-0-0','schemaCriterion':SP+'/payload_data/jsonschema/1-0-*'}])),
 {'path':'/com.snowplowanalytics.snowplow/tp2','contentType':'application/json','bodyJson':{'schema':'iglu:com.acme/anything/jsonschema/1-0-0','data':[{'e':'pv'}]}})

# ---- redirect ----
RED=SP+'/uri_redirect/jsonschema/1-0-0'
case('redirect-unstruct','/r/tp2 without e: uri_redirect unstruct event, tv r-tp2, p web',
 good(base(**UEF(SP[5:],'uri_redirect'), v_tracker='r-tp2', unstruct_event=uecol(RED,'{"uri":"https://dest.test/x?y=1"}'))),
 {'path':'/r/tp2','params':[('u','https://dest.test/x?y=1')]})
case('redirect-with-event-co','/r/tp2 with e and co: uri_redirect prepended to co',
 good(base(**PV, v_tracker='r-tp2', contexts=ctxcol(ent(RED,'{"uri":"https://dest.test/"}'), cj(WEB_PAGE)))),
 {'path':'/r/tp2','params':[('e','pv'),('u','https://dest.test/'),('co',cj({'schema':CTX1,'data':[WEB_PAGE]}))]})
case('redirect-with-event-cx','/r/tp2 with e and cx: uri_redirect prepended to cx (re-encoded base64)',
 good(base(**PV, platform='mob', v_tracker='r-tp2', contexts=ctxcol(ent(RED,'{"uri":"https://dest.test/"}'), cj(WEB_PAGE)))),
 {'path':'/r/tp2','params':[('e','pv'),('p','mob'),('u','https://dest.test/'),('cx',cx)]})
case('redirect-with-event-no-contexts','/r/tp2 with e and no contexts: a new co wrapper',
 good(base(**PV, v_tracker='r-tp2', contexts=ctxcol(ent(RED,'{"uri":"https://dest.test/"}')))),
 {'path':'/r/tp2','params':[('e','pv'),('u','https://dest.test/')]})
case('redirect-missing-u','/r/tp2 without u: tracker protocol violation',
 bad(tpv([{'field':'querystring','value':'e=pv','expectation':'missing `u` parameter: not a valid URI redirect'}], vendor='r')),
 {'path':'/r/tp2','querystring':'e=pv'})
case('redirect-empty-querystring','/r/tp2 with an empty querystring',
 bad(tpv([{'field':'querystring','value':None,'expectation':'empty querystring: not a valid URI redirect'}], vendor='r')),
 {'path':'/r/tp2','querystring':''})

# ---- iglu webhook ----
SIGN='iglu:com.acme/signup/jsonschema/1-0-0'
def iglu_ev(n=1, data='{"email":"a@b.test","plan":"pro"}', platform='app', **kw):
    return base(n, platform=platform, **UEF('com.acme','signup'), v_tracker='com.snowplowanalytics.iglu-v1', unstruct_event=uecol(SIGN, data), **kw)
case('iglu-webhook-get','Iglu webhook GET: parameters become string data; aid copied, p used',
 good(iglu_ev(platform='srv', app_id='a1')), {'path':'/com.snowplowanalytics.iglu/v1','params':[('schema',SIGN),('aid','a1'),('p','srv'),('email','a@b.test'),('plan','pro')]})
case('iglu-webhook-post-sdj','Iglu webhook POST of a self-describing JSON',
 good(iglu_ev(data='{"email":"a@b.test","n":1.10}')), {'path':'/com.snowplowanalytics.iglu/v1','contentType':'application/json','body':'{"schema":"%s","data":{"email":"a@b.test","n":1.10}}' % SIGN})
case('iglu-webhook-post-json-schema-param','Iglu webhook POST of plain JSON with ?schema=',
 good(iglu_ev(data='{"plan":"pro"}')), {'path':'/com.snowplowanalytics.iglu/v1','querystring':'schema='+quote(SIGN,safe=''),'contentType':'application/json; charset=utf-8','bodyJson':{'plan':'pro'}})
case('iglu-webhook-post-form','Iglu webhook form POST with ?schema=',
 good(iglu_ev(data='{"email":"a b@c.test","plan":"pro"}')), {'path':'/com.snowplowanalytics.iglu/v1','querystring':'schema='+quote(SIGN,safe=''),'contentType':'application/x-www-form-urlencoded','body':'email=a+b%40c.test&plan=pro'})
def af(messages, vendor, version):
    return {'schema':AF,'data':{'processor':PROC,'failure':{'timestamp':NOW,'vendor':vendor,'version':version,'messages':messages},
            'payload':{'vendor':vendor,'version':version,'collector':'ssc-3.2.0-kinesis','encoding':'UTF-8'}}}
case('iglu-webhook-bad-content-type','Iglu webhook with text/plain: adapter failure',
 bad(af([{'field':'contentType','value':'text/plain','expectation':'expected one of application/json, application/json; charset=utf-8, application/x-www-form-urlencoded'}],'com.snowplowanalytics.iglu','v1')),
 {'path':'/com.snowplowanalytics.iglu/v1','contentType':'text/plain','body':'x'})
case('adapter-unknown-vendor','unknown vendor/version: adapter_failures',
 bad(af([{'field':'vendor/version','value':'com.acme/v9','expectation':'vendor/version combination is not supported'}],'com.acme','v9')),
 {'path':'/com.acme/v9','querystring':'a=1'})
case('tp1-empty-querystring','tp1 with an empty querystring: adapter_failures (not a TP violation)',
 bad(af([{'field':'querystring','value':None,'expectation':'empty querystring: not a valid URI redirect'}],'com.snowplowanalytics.snowplow','tp1')),
 {'path':'/i','querystring':''})

# ---- parameter errors, timestamps ----
def svrow(messages, **payload):
    return {'schema':SV,'data':{'processor':PROC,'failure':{'timestamp':NOW,'messages':messages},'payload':payload}}
case('params-parse-errors','every conversion error is collected into one atomic schema violation (empty numeric params are errors)',
 bad(svrow([atomic(pe('vid','Cannot be converted to java.lang.Integer'), pe('res','Does not conform to regex (\\d+)x(\\d+)'),
   pe('dtm','Not in the expected format: ms since epoch'), pe('eid','Not a valid UUID'), pe('p','Not a valid platform'),
   pe('f_pdf','Cannot be converted to Boolean-like java.lang.Byte'), pe('tid','Cannot be converted to java.lang.Integer'),
   pe('vp','Cannot be converted to java.lang.Integer'), pe('ti_qu','Cannot be converted to java.lang.Integer'), pe('e','Not a valid event type'))],
   raw={'vendor':'com.snowplowanalytics.snowplow','version':'tp1','loaderName':'ssc-3.2.0-kinesis','encoding':'UTF-8','userId':None,'ipAddress':'203.0.113.7'},
   enriched={'app_id':'ok','platform':None,'event':None,'domain_sessionidx':None,'collector_tstamp':'2023-11-14 22:13:20.123','event_id':U(1),
     'v_etl':'${V_ETL}','contexts':None,'page_urlport':None})),
 {'params':[('aid','ok'),('vid','abc'),('res','1x'),('dtm',''),('eid','not-a-uuid'),('p','xx'),('f_pdf','true'),('tid','99999999999'),('vp','1x99999999999'),('ti_qu',''),('e','zz')]})
case('params-null-text','the text "null" (any case) is null for int and decimal params',
 good(base(**PV, v_tracker='t')), {'params':[('e','pv'),('p','web'),('tv','t'),('vid','NULL'),('se_va','null'),('tid','Null')]})
case('params-semicolon-and-duplicates','pairs split on ; as well as &; the last duplicate wins; name without = ignored',
 good(base(**PV, app_id='second', user_id='u')), {'querystring':'e=pv;p=web&aid=first;aid=second&uid=u&flag'})
case('tstamp-derived-from-true','ttm set: derived_tstamp = true_tstamp',
 good(base(**PV, dvce_created_tstamp='2023-11-14 22:13:19.000', dvce_sent_tstamp='2023-11-14 22:13:19.500', true_tstamp='2020-01-02 03:04:05.006', derived_tstamp='2020-01-02 03:04:05.006')),
 {'params':[('e','pv'),('p','web'),('dtm','1699999999000'),('stm','1699999999500'),('ttm','1577934245006')]})
case('tstamp-created-after-sent','dtm >= stm: derived_tstamp = collector_tstamp',
 good(base(**PV, dvce_created_tstamp='2023-11-14 22:13:19.500', dvce_sent_tstamp='2023-11-14 22:13:19.000')),
 {'params':[('e','pv'),('p','web'),('dtm','1699999999500'),('stm','+1699999999000')]})
case('tstamp-year-out-of-range','dtm beyond year 9999 and a collector timestamp beyond 9999 are atomic parse errors',
 bad(svrow([atomic(pe('collector_tstamp','Formatting as 10000-01-01 00:00:00.000 is not Redshift-compatible'), pe('dtm','Formatting as 10000-01-01 00:00:00.000 is not Redshift-compatible'))])),
 {'timestamp':253402300800000,'params':[('e','pv'),('p','web'),('dtm','253402300800000')]})
case('tstamp-epoch-zero','millisecond timestamps at the epoch format with three fractional digits',
 good(base(**PV, dvce_created_tstamp='1970-01-01 00:00:00.000')), {'params':[('e','pv'),('p','web'),('dtm','0')]})

# ---- cleaning ----
case('cleaning-tsv-safe','tabs become four spaces, control chars removed, empty after cleaning is null; collector UA keeps other controls',
 good(base(**PV, app_id='a    b', page_title='line1line2', useragent='UA    x\u0001y')),
 {'userAgent':'UA\tx\r\n\u0001y','params':[('e','pv'),('p','web'),('aid','a\tb'),('page','line1\nline2\u0007'),('uid','\u0001\u0002'),('tna','')]})
case('cleaning-ua-param','ua parameter overrides the collector user agent (cleaned)',
 good(base(**PV, useragent='Tracker    UA')), {'userAgent':'Collector UA','params':[('e','pv'),('p','web'),('ua','Tracker\tUA')]})

# ---- URLs ----
def urlcase(name, desc, url, fields, **payload):
    ev=dict(PV); ev.update(fields)
    p={'params':[('e','pv'),('p','web')]+([('url',url)] if url is not None else [])}; p.update(payload)
    case(name, desc, good(base(**ev)), p)
urlcase('url-explicit-port-and-encoding','explicit port, path/query/fragment stay percent-encoded','http://ex.test:8080/a%20b/c?q=%C3%A9&r=1#f%20g',
 dict(page_url='http://ex.test:8080/a%20b/c?q=%C3%A9&r=1#f%20g',page_urlscheme='http',page_urlhost='ex.test',page_urlport='8080',page_urlpath='/a%20b/c',page_urlquery='q=%C3%A9&r=1',page_urlfragment='f%20g'))
urlcase('url-space-replaced','spaces become %20 and page_url is the parsed text','https://ex.test/a b?c d',
 dict(page_url='https://ex.test/a%20b?c%20d',page_urlscheme='https',page_urlhost='ex.test',page_urlport='443',page_urlpath='/a%20b',page_urlquery='c%20d'))
urlcase('url-host-underscore','a host with _ is registry-based: page_urlhost null','http://my_host.test/x',
 dict(page_url='http://my_host.test/x',page_urlscheme='http',page_urlport='80',page_urlpath='/x'))
urlcase('url-non-http-scheme','port 80 for every scheme but https','android-app://com.example.app/path',
 dict(page_url='android-app://com.example.app/path',page_urlscheme='android-app',page_urlhost='com.example.app',page_urlport='80',page_urlpath='/path'))
urlcase('url-lenient-fallback','invalid % escape and | are re-encoded by the lenient parser','http://ex.test/a|b?x=%zz',
 dict(page_url='http://ex.test/a%7Cb?x=%25zz',page_urlscheme='http',page_urlhost='ex.test',page_urlport='80',page_urlpath='/a%7Cb',page_urlquery='x=%25zz'))
urlcase('url-from-referer-header','no url parameter: page_url from the collector referer', None,
 dict(page_url='https://ref.test/p?q=1',page_urlscheme='https',page_urlhost='ref.test',page_urlport='443',page_urlpath='/p',page_urlquery='q=1'), refererUri='https://ref.test/p?q=1')
urlcase('url-ipv4-and-userinfo','IPv4 host with user info; default https port','https://user:pw@192.168.0.1/',
 dict(page_url='https://user:pw@192.168.0.1/',page_urlscheme='https',page_urlhost='192.168.0.1',page_urlport='443',page_urlpath='/'))
urlcase('url-sp-cross-domain','_sp in the page URL sets refr_domain_userid and refr_dvce_tstamp','http://ex.test/?_sp=abc-123.1577934245006',
 dict(page_url='http://ex.test/?_sp=abc-123.1577934245006',page_urlscheme='http',page_urlhost='ex.test',page_urlport='80',page_urlpath='/',page_urlquery='_sp=abc-123.1577934245006',
   refr_domain_userid='abc-123',refr_dvce_tstamp='2020-01-02 03:04:05.006'))
def efrow(messages, **payload):
    return {'schema':EF,'data':{'processor':PROC,'failure':{'timestamp':NOW,'messages':messages},'payload':payload}}
case('url-unparseable','a URL neither parser accepts: enrichment_failures',
 bad(efrow([{'enrichment':None,'message':{'field':'page_url','value':'1http://x.test/'}}])), {'params':[('e','pv'),('p','web'),('url','1http://x.test/')]})
case('referrer-unparseable','an unparseable referrer: enrichment_failures',
 bad(efrow([{'enrichment':None,'message':{'field':'page_referrer','value':'9x://y.test/'}}])), {'params':[('e','pv'),('p','web'),('refr','9x://y.test/')]})

# ---- contexts / unstruct validation failures ----
PRODUCT='iglu:com.acme/product/jsonschema/1-0-0'
case('contexts-not-json','co that is not JSON: NotJson on contexts',
 bad(svrow([{'field':'contexts','value':'{"schema":'}])), {'params':[('e','pv'),('p','web'),('co','{"schema":')]})
case('contexts-not-self-describing','co without schema: NotIglu',
 bad(svrow([{'json':{'data':[]},'error':'INVALID_DATA_PAYLOAD'}])), {'params':[('e','pv'),('p','web'),('co','{"data":[]}')]})
case('contexts-bad-schema-uri','co with an invalid SchemaVer: NotIglu INVALID_SCHEMAVER',
 bad(svrow([{'json':{'schema':SP+'/contexts/jsonschema/0-0-1','data':[]},'error':'INVALID_SCHEMAVER'}])),
 {'params':[('e','pv'),('p','web'),('co',cj({'schema':SP+'/contexts/jsonschema/0-0-1','data':[]}))]})
case('contexts-criterion-mismatch','co wrapped in unstruct_event: CriterionMismatch',
 bad(svrow([{'schemaKey':UE,'schemaCriterion':SP+'/contexts/jsonschema/1-0-*'}])),
 {'params':[('e','pv'),('p','web'),('co',cj({'schema':UE,'data':WEB_PAGE}))]})
case('contexts-entity-invalid','one invalid entity and one unknown schema: one message each, valid entity kept',
 bad(svrow([{'schemaKey':PRODUCT,'error':{'error':'ValidationError'}},
            {'schemaKey':'iglu:com.acme/nope/jsonschema/1-0-0','error':{'error':'ResolutionError','lookupHistory':[{'repository':'test','errors':[{'error':'NotFound'}]}]}}],
   enriched={'contexts':ctxcol(cj(WEB_PAGE))})),
 {'params':[('e','pv'),('p','web'),('co',cj({'schema':CTX1,'data':[WEB_PAGE,{'schema':PRODUCT,'data':{'price':1}},{'schema':'iglu:com.acme/nope/jsonschema/1-0-0','data':{}}]}))]})
case('unstruct-invalid','ue_pr whose data fails its schema: schema_violations, event_* fields empty',
 bad(svrow([{'schemaKey':'iglu:com.acme/link_click/jsonschema/1-0-0','error':{'error':'ValidationError'}}],
   enriched={'event':'unstruct','event_vendor':None,'unstruct_event':None})),
 {'params':[('e','ue'),('p','web'),('ue_pr',cj({'schema':UE,'data':{'schema':'iglu:com.acme/link_click/jsonschema/1-0-0','data':{'targetUrl':''}}}))]})
case('json-too-deep','JSON nested deeper than 50 levels is not JSON for Enrich',
 bad(svrow([{'field':'contexts'}])), {'params':[('e','pv'),('p','web'),('co','['*60+']'*60)]})

# ---- IP, identities, versions ----
case('ip-x-forwarded-for','X-Forwarded-For beats the collector IP (first address)',
 good(base(**PV, user_ipaddress='198.51.100.9')), {'headers':['Host: c.test','X-Forwarded-For: 198.51.100.9, 10.0.0.1'],'params':[('e','pv'),('p','web')]})
case('ip-forwarded-last-header','Forwarded: for= is used only when no other header follows it',
 good(base(**PV, user_ipaddress='198.51.100.10')), {'headers':['Host: c.test','Forwarded: for=198.51.100.10'],'params':[('e','pv'),('p','web')]})
case('ip-forwarded-then-other-header','a header after Forwarded resets it: the collector IP is used',
 good(base(**PV)), {'headers':['Forwarded: for=198.51.100.10','Accept: */*'],'params':[('e','pv'),('p','web')]})
case('ip-param-overrides','the ip parameter beats headers and the collector IP; first token before a comma',
 good(base(**PV, user_ipaddress='192.0.2.55')), {'headers':['X-Forwarded-For: 198.51.100.9'],'params':[('e','pv'),('p','web'),('ip','192.0.2.55, 10.1.1.1')]})
case('ip-collector-list','a collector IP with several tokens keeps the first',
 good(base(**PV, user_ipaddress='192.0.2.1')), {'ipAddress':'192.0.2.1|10.0.0.2','params':[('e','pv'),('p','web')]})
NUID='c7d5f2a4-9b1e-4f6a-8c3d-2e1f0a9b8c7d'
case('network-userid-thrift','network_userid from the thrift networkUserId',
 good(base(**PV, network_userid=NUID)), {'networkUserId':NUID,'params':[('e','pv'),('p','web')]})
case('network-userid-nuid','nuid overrides the thrift networkUserId',
 good(base(**PV, network_userid='from-nuid')), {'networkUserId':NUID,'params':[('e','pv'),('p','web'),('nuid','from-nuid')]})
case('network-userid-tnuid','tnuid beats nuid and the cookie whatever its position',
 good(base(**PV, network_userid='from-tnuid')), {'networkUserId':NUID,'params':[('tnuid','from-tnuid'),('e','pv'),('p','web'),('nuid','from-nuid')]})
case('collector-version-cv','cv overrides v_collector; eid sets event_id (lower-cased)',
 good(base(**PV, v_collector='custom-1', event_id='a5a8d1b0-1234-4bcd-9abc-0123456789ab')),
 {'params':[('e','pv'),('p','web'),('cv','custom-1'),('eid','A5A8D1B0-1234-4BCD-9ABC-0123456789AB')]})
case('collector-version-empty','an empty collector string: enrichment failure v_collector should be set',
 bad(efrow([{'enrichment':None,'message':{'field':'v_collector','value':None,'expectation':'should be set'}}])), {'collector':'','params':[('e','pv'),('p','web')]})
EVT_EXP="trying to extract the schema of the enriched event but event type [%s] doesn't match any of page_view, page_ping, struct, unstruct, transaction, transaction_item"
case('event-missing','no e parameter: enrichment failure on event (null)',
 bad(efrow([{'enrichment':None,'message':{'field':'event','value':None,'expectation':EVT_EXP % 'null'}}])), {'params':[('p','web'),('aid','x')]})
case('event-ad-impression','legacy e=ad maps to ad_impression but has no schema: enrichment failure',
 bad(efrow([{'enrichment':None,'message':{'field':'event','value':'ad_impression','expectation':EVT_EXP % 'ad_impression'}}])), {'params':[('e','ad'),('p','web')]})

# ---- atomic lengths, sizes ----
case('atomic-length-exceeded','over-long atomic fields: schema_violations (no truncation), UTF-16 units counted',
 bad(svrow([atomic(('app_id','Field is longer than maximum allowed size 255','atomic_field_length_exceeded'),('tr_currency','Field is longer than maximum allowed size 3','atomic_field_length_exceeded'))],
   enriched={'app_id':'a'*256})),
 {'params':[('e','pv'),('p','web'),('aid','a'*256),('tr_cu','EURO'),('uid','\U0001F600'*127)]})
case('atomic-length-override','atomicFieldLimits overrides a default limit',
 bad(svrow([atomic(('page_title','Field is longer than maximum allowed size 5','atomic_field_length_exceeded'))])),
 {'params':[('e','pv'),('p','web'),('page','abcdef')]}, deps={'atomicFieldLimits':{'page_title':5}})
case('size-violation-tsv','an enriched event bigger than maxRecordBytes: size_violation with the first max/10 characters',
 bad({'schema':SZ,'data':{'processor':PROC,'failure':{'timestamp':NOW,'maximumAllowedSizeBytes':1000,'expectation':'Enriched event exceeds the maximum allowed size of 1000 bytes'},'payload':'web\tweb\t2023-11-14 22:13:21.000\t2023-11-14 22:13:20.123\t\tpage_view\t00000000-0000-4000-8000-000000000001\t\t\t\t'[:100]}}),
 {'params':[('e','pv'),('p','web'),('aid','web'),('page','x'*1500)]}, deps={'maxRecordBytes':1000})
case('size-violation-bad-row','a bad row bigger than maxRecordBytes becomes a size_violation',
 bad({'schema':SZ,'data':{'processor':PROC,'failure':{'timestamp':NOW,'maximumAllowedSizeBytes':2000,'expectation':'Event failed enrichment and resulting bad row exceeds the maximum allowed size of 2000 bytes'}}}),
 {'params':[('e','pv'),('p','xx'),('page','y'*3000)]}, deps={'maxRecordBytes':2000})

# ---- collector payload format violations ----
def cpf(message):
    return {'schema':CPF,'data':{'processor':PROC,'failure':{'timestamp':NOW,'loader':'thrift','message':message}}}
case('cp-garbage-bytes','random bytes: collector_payload_format_violation with the record in base64',
 bad(dict(cpf({}), data={'processor':PROC,'failure':{'timestamp':NOW,'loader':'thrift'},'payload':'3q2+7wABAgM='})), recordBase64='3q2+7wABAgM=')
case('cp-wrong-schema','a thrift record with another schema',
 bad(cpf({'error':'verifying record as iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-* failed: found iglu:com.acme/Other/thrift/1-0-0'})),
 {'schema':'iglu:com.acme/Other/thrift/1-0-0','params':[('e','pv')]})
case('cp-bad-path','a path that is neither vendor/version nor /i',
 bad(cpf({'payloadField':'path','value':'/a/b/c'})), {'path':'/a/b/c','params':[('e','pv')]})
case('cp-querystring-illegal-char','a raw querystring java.net.URI rejects (space)',
 bad(cpf({'payloadField':'querystring','value':'e=pv&aid=a b'})), {'querystring':'e=pv&aid=a b'})
case('cp-querystring-malformed-escape','a malformed % escape in the querystring',
 bad(cpf({'payloadField':'querystring','value':'e=pv&aid=%zz'})), {'querystring':'e=pv&aid=%zz'})
case('cp-network-userid','a networkUserId that is not a UUID',
 bad(cpf({'payloadField':'networkUserId','value':'not-a-uuid','expectation':'not a valid UUID'})), {'networkUserId':'not-a-uuid','params':[('e','pv')]})
case('cp-unknown-encoding','a payload encoding Node does not know',
 bad(cpf({'payloadField':'querystring'})), {'encoding':'X-UNKNOWN-9','params':[('e','pv')]})

# ---- compressed batches ----
case('batch-gzip','gzip batch (header 01 01, length-prefixed payloads) with two payloads',
 good(base(1,**PV), base(2,**PP)), batch={'compression':'gzip','payloads':[{'params':[('e','pv'),('p','web')]},{'params':[('e','pp'),('p','web')]}]})
case('batch-zstd','zstd batch with one payload',
 good(base(1,**PV)), batch={'compression':'zstd','payloads':[{'params':[('e','pv'),('p','web')]}]})
case('batch-bad-header','a compressed batch with an unknown header: one bad row for the record',
 bad(cpf({'error':'unsupported compressed batch header [02 01], expected [01 01]'})), batch={'compression':'gzip','header':'0201','payloads':[{'params':[('e','pv')]}]})
case('batch-corrupt','a truncated gzip record',
 bad(cpf({})), batch={'compression':'gzip','corrupt':True,'payloads':[{'params':[('e','pv'),('p','web'),('page','z'*200)]}]})
