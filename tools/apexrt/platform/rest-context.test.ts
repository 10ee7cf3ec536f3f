import { RunContext } from '../interpreter/context';
import { combineLibraries, EMPTY_NATIVE_LIBRARY } from '../interpreter/native-library';
import { buildProgram } from '../loader/program';
import { invokeRestResource, restNatives } from './rest-context';

const ECHO = `@RestResource(urlMapping='/echo/*')
global class EchoResource {
    @HttpPost
    global static void echo() {
        RestRequest req = RestContext.request;
        RestResponse res = RestContext.response;
        res.statusCode = req.headers.get('X-Wanted') == 'created' ? 201 : 200;
        res.addHeader('X-Seen-Uri', req.requestURI);
        res.responseBody = req.requestBody;
    }
    @HttpGet
    global static void read() {
        RestContext.response.statusCode = 204;
    }
}`;

function program() {
    return buildProgram([{ file: 'EchoResource.cls', source: ECHO, kind: 'class', name: 'EchoResource' }], {
        natives: combineLibraries([restNatives(), EMPTY_NATIVE_LIBRARY])
    });
}

describe('Apex REST harness', () => {
    it('routes by URL mapping, sets RestContext and returns what the resource wrote', () => {
        const r = invokeRestResource(program(), new RunContext(), {
            method: 'POST',
            path: '/echo/abc',
            headers: { 'X-Wanted': 'created' },
            body: '{"hello":1}'
        });
        expect(r.statusCode).toBe(201);
        expect(r.headers['X-Seen-Uri']).toBe('/echo/abc');
        expect(r.body.toString()).toBe('{"hello":1}');
    });

    it('answers 404 for an unmapped path and 405 for a method without a handler', () => {
        expect(invokeRestResource(program(), new RunContext(), { method: 'POST', path: '/nope' }).statusCode).toBe(404);
        expect(invokeRestResource(program(), new RunContext(), { method: 'DELETE', path: '/echo/x' }).statusCode).toBe(
            405
        );
        expect(invokeRestResource(program(), new RunContext(), { method: 'GET', path: '/echo/x' }).statusCode).toBe(
            204
        );
    });

    it('RestContext can be assigned from Apex (tests build their own request)', () => {
        const p = buildProgram(
            [],
            { natives: combineLibraries([restNatives(), EMPTY_NATIVE_LIBRARY]) },
            `
            RestContext.request = new RestRequest();
            RestContext.request.requestURI = '/x/y';
            RestContext.request.addHeader('A', 'b');
            System.debug(RestContext.request.requestURI + ' ' + RestContext.request.headers.get('A'));
        `
        );
        const run = new RunContext();
        const { runAnonymous } = jest.requireActual('../runner/execute') as typeof import('../runner/execute');
        expect(runAnonymous(p, run).debugLines).toEqual(['/x/y b']);
    });
});
