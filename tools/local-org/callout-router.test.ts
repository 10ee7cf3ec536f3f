import { HttpRequestValue } from '../apexrt';
import { CalloutRouter, RawResponse } from './callout-router';

/** A router whose HTTP is a script: the token endpoint hands out t1, t2, …; the API answers from `answers`. */
function scripted(answers: Array<(authorization: string) => RawResponse>): {
    router: CalloutRouter;
    sent: string[];
} {
    const router = new CalloutRouter('http://emulator.test');
    const sent: string[] = [];
    let tokens = 0;
    router.http = (method, url, headers) => {
        if (url.endsWith('/_emulator/tokens')) {
            tokens++;
            return {
                status: 200,
                body: Buffer.from(JSON.stringify({ access_token: `t${tokens}` })).toString('base64')
            };
        }
        sent.push(`${method} ${headers.Authorization}`);
        const next = answers.shift();
        if (!next) throw new Error('no answer left');
        return next(headers.Authorization);
    };
    return { router, sent };
}

const call = (router: CalloutRouter): number => {
    const request = new HttpRequestValue();
    request.endpoint = 'callout:cosell__Partner_Center_Referrals/v1.0/engagements/referrals';
    request.method = 'GET';
    return router.send(request).statusCode;
};

describe("the local org's named credential", () => {
    it('gets a new token when Partner Center answers 401 and sends the callout again with it', () => {
        const { router, sent } = scripted([() => ({ status: 200 }), () => ({ status: 401 }), () => ({ status: 200 })]);
        expect(call(router)).toBe(200);
        expect(call(router)).toBe(200);
        expect(sent).toEqual(['GET Bearer t1', 'GET Bearer t1', 'GET Bearer t2']);
        // One callout for Apex, logged with the answer it got.
        expect(router.log.map((c) => c.status)).toEqual([200, 200]);
    });

    it('gives the 401 to Apex when the new token is refused too', () => {
        const { router, sent } = scripted([() => ({ status: 401 }), () => ({ status: 401 }), () => ({ status: 200 })]);
        expect(call(router)).toBe(401);
        expect(sent).toEqual(['GET Bearer t1', 'GET Bearer t2']);
        expect(call(router)).toBe(200);
        expect(sent[2]).toBe('GET Bearer t2');
    });
});
